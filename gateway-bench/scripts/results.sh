#!/usr/bin/env bash
# Reproduces gateway-bench/RESULTS.md: the gateway and the baseline server side by side, alternating runs.
# Servers are pinned to CPU 0 and the bench to CPU 1 (a 2-core machine: without pinning the generator and
# the server fight over the same cores and the figures mostly measure the scheduler).
# Usage: gateway-bench/scripts/results.sh [step...]   steps: connect echo open broadcast burst resume (default all)
# Raw outputs go to bench-results/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench-results; mkdir -p "$OUT"
# Always measure the code as it is (set NO_BUILD=1 to skip).
[ -n "${NO_BUILD:-}" ] || mvn -B -q -o package -DskipTests
J=gateway-bench/target/fluxgate-bench.jar
B="java -jar $J"

taskset -c 0 java -jar gateway-server/target/fluxgate.jar --config gateway-bench/bench-gateway.yaml > "$OUT/gateway.log" 2>&1 &
GW=$!
taskset -c 0 java -jar "$J" baseline-server --port 9090 > "$OUT/baseline.log" 2>&1 &
BL=$!
trap 'kill $GW $BL 2>/dev/null || true' EXIT
for port in 8080 9090; do
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
done
echo "gateway pid $GW, baseline pid $BL"

CMP="$B compare --a ws://127.0.0.1:8080/ws --a-pid $GW --a-name gateway --b ws://127.0.0.1:9090/ws --b-pid $BL --b-name baseline"
# JIT warm-up of both servers (not reported).
[ "${1:-}" = smoke ] || $CMP --rounds 1 -- echo -c 50 -w 4 -d 5s --warmup 2s --cpu 1 -q > "$OUT/warmup.txt"

steps=("$@"); [ ${#steps[@]} -eq 0 ] && steps=(connect echo open broadcast burst resume)
for s in "${steps[@]}"; do
  case $s in
    connect)   cmd="$CMP --rounds 2 --json $OUT/connect.json -- connect -c 15000 --procs 2 --connect-rate 3000 -d 5s --server-gc --cpu 1 -q" ;;
    echo)      cmd="$CMP --rounds 3 --json $OUT/echo.json --html $OUT/echo.html -- echo -c 100 -w 4 -d 10s --warmup 3s --cpu 1 -q" ;;
    open)      cmd="$CMP --rounds 2 --json $OUT/open.json -- echo -c 100 -r 5000 -d 10s --warmup 3s --cpu 1 -q" ;;
    broadcast) cmd="$CMP --rounds 2 --json $OUT/broadcast.json --html $OUT/broadcast.html -- broadcast -c 1000 -r 50 -d 10s --warmup 3s --cpu 1 -q" ;;
    burst)     cmd="$CMP --rounds 1 --json $OUT/burst.json -- burst -c 200 -k 100 --interval 500ms -d 10s --warmup 2s --cpu 1 -q" ;;
    resume)    cmd="$CMP --rounds 1 --json $OUT/resume.json -- resume -c 500 -r 200 -d 10s --warmup 2s --drop-every 1s --drop-fraction 0.1 --cpu 1 -q" ;;
    smoke)     cmd="$CMP --rounds 1 -- echo -c 5 -d 1s --warmup 0s --cpu 1 -q" ;;
    *) echo "unknown step $s"; exit 2 ;;
  esac
  echo "\$ $cmd" | tee "$OUT/$s.txt"
  start=$(date +%s)
  $cmd 2>&1 | tee -a "$OUT/$s.txt" || true
  echo "(took $(( $(date +%s) - start )) s)" | tee -a "$OUT/$s.txt"
done
