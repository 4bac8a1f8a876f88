package io.fluxgate.server.logging;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.scheduler.Scheduler;

/**
 * Collapses identical log records (same level, logger and message) seen within a window, lock-free.
 *
 * <p>The first record of a key goes out at once with {@code count} 1 and opens a window of {@code window} on
 * the gateway clock. Repeats inside the window are only counted. When the window ends, if there were repeats, one
 * entry with their number as {@code count} (and the last repeat's timestamp) goes out and a new window opens;
 * if there were none the key is forgotten. So a record repeated without pause yields one entry per window,
 * and the counts of a key's entries add up to the records seen.
 *
 * <p>At most {@code maxKeys} keys are tracked; records of further keys go out uncollapsed (memory stays bounded,
 * nothing is lost). A zero window collapses nothing.
 */
final class LogDeduplicator implements AutoCloseable {
    /** A window that was closed and removed; a recorder that sees it starts a new one. */
    private static final long CLOSED = -1;

    private final Scheduler clock;
    private final long windowMs;
    private final int maxKeys;
    private final Consumer<LogEntry> out;
    private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param out receives entries; called on the recording thread or a clock thread, must not block
     */
    LogDeduplicator(Scheduler clock, Duration window, int maxKeys, Consumer<LogEntry> out) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windowMs = window.toMillis();
        this.maxKeys = maxKeys;
        this.out = Objects.requireNonNull(out, "out");
    }

    void record(String level, String logger, String message, long ts) {
        if (closed) {
            return;
        }
        if (windowMs <= 0) {
            out.accept(new LogEntry(level, logger, message, ts, 1));
            return;
        }
        Key key = new Key(level, logger, message);
        while (true) {
            Window w = windows.get(key);
            if (w == null) {
                if (windows.size() >= maxKeys) {
                    out.accept(new LogEntry(level, logger, message, ts, 1));
                    return;
                }
                Window fresh = new Window();
                if (windows.putIfAbsent(key, fresh) == null) {
                    out.accept(new LogEntry(level, logger, message, ts, 1));
                    arm(key, fresh);
                    return;
                }
                continue;
            }
            long r = w.repeats.get();
            if (r == CLOSED) {
                windows.remove(key, w);
                continue;
            }
            if (w.repeats.compareAndSet(r, r + 1)) {
                w.lastTs = ts;
                return;
            }
        }
    }

    /** Keys tracked now. */
    int trackedKeys() {
        return windows.size();
    }

    private void arm(Key key, Window w) {
        clock.schedule(() -> windowEnded(key, w), windowMs, TimeUnit.MILLISECONDS);
    }

    private void windowEnded(Key key, Window w) {
        while (true) {
            long n = w.repeats.get();
            if (n == 0) {
                if (w.repeats.compareAndSet(0, CLOSED)) {
                    windows.remove(key, w);
                    return;
                }
            } else if (w.repeats.compareAndSet(n, 0)) {
                if (!closed) {
                    out.accept(new LogEntry(key.level, key.logger, key.message, w.lastTs, n));
                    arm(key, w);
                }
                return;
            }
        }
    }

    /** Stops: pending repeats are dropped, no timer publishes any more. */
    @Override
    public void close() {
        closed = true;
        windows.clear();
    }

    private record Key(String level, String logger, String message) {
    }

    private static final class Window {
        final AtomicLong repeats = new AtomicLong();
        volatile long lastTs;
    }
}
