package io.fluxgate.session;

import io.fluxgate.config.HeartbeatConfig;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * One shared timer for every connection's heartbeat: each tick walks the open sessions, pings those due and
 * closes 4010 those that stayed silent after a ping for {@code heartbeat.timeout}. No task per connection,
 * so idle connections cost no timer.
 */
public final class HeartbeatMonitor implements AutoCloseable {
    private final SessionRegistry registry;
    private final Scheduler clock;
    private final long intervalMs;
    private final long timeoutMs;
    private final Disposable task;

    public HeartbeatMonitor(HeartbeatConfig config, SessionRegistry registry, Scheduler clock) {
        this.registry = registry;
        this.clock = clock;
        this.intervalMs = config.interval().toMillis();
        this.timeoutMs = config.timeout().toMillis();
        long tick = tickMillis(intervalMs, timeoutMs);
        this.task = clock.schedulePeriodically(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** A tenth of the shorter period, between 10 ms and 1 s: detection is late by at most one tick. */
    static long tickMillis(long intervalMs, long timeoutMs) {
        return Math.max(10, Math.min(1000, Math.min(intervalMs, timeoutMs) / 10));
    }

    void tick() {
        long now = clock.now(TimeUnit.MILLISECONDS);
        registry.forEach(s -> s.heartbeat(now, intervalMs, timeoutMs));
    }

    @Override
    public void close() {
        task.dispose();
    }
}
