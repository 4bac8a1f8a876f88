#!/usr/bin/env python3
"""Summarise `jfr print --events jdk.ExecutionSample` output: where the sampled CPU time goes.

usage: jfr print --stack-depth 64 --events jdk.ExecutionSample rec.jfr | python3 jfr-top.py [N]

Prints the top N self frames (the method on CPU), the top N "nearest fluxgate frames" (the first
io.fluxgate frame from the top of each stack: which gateway code the time is spent for), and self time
by component (fluxgate, reactor, netty, jackson, bucket4j, JDK), each with its share of samples.
"""
import collections
import re
import sys

top_n = int(sys.argv[1]) if len(sys.argv) > 1 else 25
self_frames = collections.Counter()
first_app = collections.Counter()
packages = collections.Counter()
samples = 0
stack = []
frame = re.compile(r"^\s+([\w$.<>]+)\(.*line:")


def flush():
    global samples
    if not stack:
        return
    samples += 1
    self_frames[stack[0]] += 1
    for f in stack:
        if f.startswith("io.fluxgate."):
            first_app[f] += 1
            break
    else:
        first_app["(no fluxgate frame)"] += 1
    top = stack[0]
    for prefix, name in (("io.fluxgate.", "fluxgate"), ("reactor.netty.", "reactor-netty"), ("reactor.", "reactor-core"),
                         ("io.netty.", "netty"), ("com.fasterxml.", "jackson"), ("io.github.bucket4j", "bucket4j"),
                         ("com.github.benmanes", "caffeine")):
        if top.startswith(prefix):
            packages[name] += 1
            break
    else:
        packages["jdk/other"] += 1


for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush()
        stack = []
        continue
    m = frame.match(line)
    if m:
        stack.append(m.group(1))
flush()

print(f"{samples} samples")
for title, counter in (("self (on CPU)", self_frames), ("nearest fluxgate frame", first_app),
                       ("self, by component", packages)):
    print(f"\n== {title}")
    for name, n in counter.most_common(top_n):
        print(f"{100.0 * n / max(1, samples):5.1f}%  {n:6d}  {name}")
