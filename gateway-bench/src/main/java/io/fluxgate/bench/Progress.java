package io.fluxgate.bench;

import io.fluxgate.bench.measure.Timeline;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A progress bar on stderr (redrawn in place on a terminal, one line every 5 s otherwise) that also samples the
 * timeline once a second.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final boolean quiet;
    private final boolean tty = System.console() != null;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile String phase = "";
    private volatile long phaseStart = System.nanoTime();
    private volatile double phaseSeconds;
    private volatile Supplier<String> status = () -> "";
    private volatile Timeline timeline;
    private long ticks;

    public Progress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts a phase; {@code seconds} <= 0 shows no bar (unknown length). */
    public void phase(String name, double seconds, Supplier<String> statusLine) {
        this.phase = name;
        this.phaseSeconds = seconds;
        this.phaseStart = System.nanoTime();
        this.status = statusLine == null ? () -> "" : statusLine;
        if (!quiet && !tty) {
            err.println("[" + name + "] " + this.status.get());
        }
    }

    /** Samples {@code t} every second from now on. */
    public void sample(Timeline t) {
        this.timeline = t;
    }

    private synchronized void tick() {
        Timeline t = timeline;
        if (t != null) {
            t.sample();
        }
        ticks++;
        if (quiet || (!tty && ticks % 5 != 0)) {
            return;
        }
        double elapsed = (System.nanoTime() - phaseStart) / 1e9;
        StringBuilder b = new StringBuilder();
        if (phaseSeconds > 0) {
            int width = 30;
            int done = (int) Math.min(width, width * elapsed / phaseSeconds);
            b.append('[').append("#".repeat(done)).append(".".repeat(width - done)).append("] ");
            b.append(String.format("%3.0f%% ", Math.min(100, 100 * elapsed / phaseSeconds)));
        }
        b.append(String.format("%-9s %5.1fs  %s", phase, elapsed, status.get()));
        if (tty) {
            err.print("\r" + b + "\u001b[K");
        } else {
            err.println(b);
        }
        err.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (!quiet && tty) {
            err.println();
        }
    }
}
