package io.fluxgate.bench.proc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The child side of a multi-process run. Lines on stdout: {@code READY} (set up, traffic may run), then
 * {@code RESULT <json>}; lines on stdin from the parent: {@code GO} (measurement starts), {@code STOP} (it ends).
 * End of stdin means the parent is gone: the child stops.
 */
public final class ChildLink {
    public static final String READY = "READY";
    public static final String RESULT = "RESULT ";
    public static final String GO = "GO";
    public static final String STOP = "STOP";

    private final PrintStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    public ChildLink(PrintStream out) {
        this.out = out;
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = in.readLine()) != null) {
                    lines.add(l.trim());
                }
            } catch (java.io.IOException e) {
                // treated as end of input
            }
            lines.add("EOF");
        }, "bench-child-stdin");
        t.setDaemon(true);
        t.start();
    }

    public void send(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** Blocks until the parent sends {@code word}; fails on end of input or after {@code max}. */
    public void await(String word, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new IllegalStateException("child: no " + word + " from the parent within " + max);
            }
            if (l.equals(word)) {
                return;
            }
            if (l.equals("EOF")) {
                throw new IllegalStateException("child: the parent went away before " + word);
            }
        }
    }
}
