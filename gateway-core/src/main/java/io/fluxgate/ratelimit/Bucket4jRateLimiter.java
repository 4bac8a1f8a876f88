package io.fluxgate.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * One Bucket4j token bucket per client id (capacity {@code burst}, greedy refill of {@code ratePerSecond}),
 * shared by all of that client's connections. Buckets live in a Caffeine map and expire once idle
 * long enough to have refilled, so forgetting one never grants more than a full bucket.
 */
public final class Bucket4jRateLimiter implements RateLimiter {
    /** More distinct clients than this at once evicts the least recently used buckets. */
    static final long MAX_BUCKETS = 1_000_000;

    private final Cache<String, Bucket> buckets;
    private final long ratePerSecond;
    private final long burst;
    private final TimeMeter time;

    /**
     * @param ratePerSecond tokens added per second
     * @param burst bucket capacity
     * @param clock time source (a virtual-time scheduler in tests)
     */
    public Bucket4jRateLimiter(long ratePerSecond, long burst, Scheduler clock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.time = new SchedulerTimeMeter(clock);
        // A bucket idle for the time a full refill takes is indistinguishable from a new one.
        Duration idle = Duration.ofMillis(Math.max(1000, burst * 1000 / ratePerSecond + 1000));
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(idle)
                .maximumSize(MAX_BUCKETS)
                .ticker(() -> clock.now(TimeUnit.NANOSECONDS))
                .executor(Runnable::run)
                .build();
    }

    @Override
    public RateDecision tryAcquire(String clientId, long cost) {
        if (cost <= 0) {
            return RateDecision.ALLOWED;
        }
        Bucket bucket = buckets.get(clientId, k -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(cost);
        if (probe.isConsumed()) {
            return RateDecision.ALLOWED;
        }
        long nanos = probe.getNanosToWaitForRefill();
        long ms = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : (nanos + 999_999) / 1_000_000;
        return new RateDecision(false, Math.max(1, ms));
    }

    /** Buckets held now (approximate). */
    public long size() {
        return buckets.estimatedSize();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(ratePerSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    /** Bucket4j reads time through this, so virtual time drives refills in tests. */
    private record SchedulerTimeMeter(Scheduler clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return clock.now(TimeUnit.NANOSECONDS);
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

}
