package io.fluxgate.bench.scenario;

import io.fluxgate.bench.Run;
import io.fluxgate.bench.client.ConnectFailure;
import io.fluxgate.bench.client.WsConnection;
import io.fluxgate.bench.measure.LatencyRecorder;
import io.fluxgate.bench.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Ramps up connections at --connect-rate with at most --connect-concurrency handshakes in flight, recording the
 * time from connect() to the server's first frame and counting failures by reason.
 */
public final class Connector {
    private final Run run;
    private final LatencyRecorder connectTimes = new LatencyRecorder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLong connected = new AtomicLong();

    public Connector(Run run) {
        this.run = run;
    }

    /**
     * Opens {@code count} connections; {@code query} gives the URL query of connection i, {@code listener} its
     * listener. Returns them by index, {@code null} where connection i failed.
     */
    public List<WsConnection> open(int count, IntFunction<String> query, IntFunction<WsConnection.Listener> listener,
                                   boolean raw) throws InterruptedException {
        var o = run.options();
        Semaphore inFlight = new Semaphore(o.connectConcurrency);
        List<CompletableFuture<WsConnection>> futures = new ArrayList<>(count);
        run.progress().phase("connect", count / (double) o.connectRate,
                () -> connected.get() + "/" + count + " open, " + failed() + " failed");
        long t0 = System.nanoTime();
        long step = 1_000_000_000L / o.connectRate;
        for (int i = 0; i < count; i++) {
            long due = t0 + i * step;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire(o.handshakeTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("connect: handshakes stopped completing (" + failed() + " failed)");
            }
            CompletableFuture<WsConnection> f = raw ? run.client().connectRaw(listener.apply(i))
                    : run.client().connect(query.apply(i), listener.apply(i));
            futures.add(f.whenComplete((c, e) -> {
                inFlight.release();
                if (e == null) {
                    connected.incrementAndGet();
                    connectTimes.record(c.connectNanos());
                } else {
                    failures.computeIfAbsent(ConnectFailure.of(e).reason(), k -> new LongAdder()).increment();
                }
            }));
        }
        List<WsConnection> open = new ArrayList<>(count);
        for (CompletableFuture<WsConnection> f : futures) {
            try {
                open.add(f.get(o.handshakeTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                open.add(null);
                // counted by whenComplete (a timeout is counted below)
                if (e instanceof java.util.concurrent.TimeoutException) {
                    failures.computeIfAbsent("no welcome", k -> new LongAdder()).increment();
                }
            }
        }
        return open;
    }

    /** The opened ones only. */
    public static List<WsConnection> opened(List<WsConnection> byIndex) {
        return byIndex.stream().filter(java.util.Objects::nonNull).toList();
    }

    /** Opens one more connection (reconnects) without touching the ramp figures. */
    public CompletableFuture<WsConnection> openOne(String query, WsConnection.Listener listener) {
        return run.client().connect(query, listener);
    }

    public long failed() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Adds "connected", "connect failures", one counter per failure reason and the connect-time histogram. */
    public void report(Report r) {
        r.count("connected", connected.get());
        r.count("connect failures", failed());
        failures.forEach((reason, n) -> r.count("connect failed: " + reason, n.sum()));
        r.histogram("connect", connectTimes.take());
    }
}
