package io.fluxgate.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

class Bucket4jRateLimiterTest {
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    /** 10 tokens per second, so one token every 100 ms; bursts of 5. */
    private final Bucket4jRateLimiter limiter = new Bucket4jRateLimiter(10, 5, clock);

    @AfterEach
    void stop() {
        clock.dispose();
    }

    private void drain(String client, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(limiter.tryAcquire(client, 1)).as("token %d", i).isEqualTo(RateDecision.ALLOWED);
        }
    }

    @Test
    void burstThenRefusalWithRetryAfter() {
        drain("alice", 5);
        RateDecision refused = limiter.tryAcquire("alice", 1);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMs()).isEqualTo(100);
    }

    @Test
    void retryAfterShrinksAsTimePassesAndIsRoundedUp() {
        drain("alice", 5);
        clock.advanceTimeBy(Duration.ofMillis(40));
        assertThat(limiter.tryAcquire("alice", 1)).isEqualTo(new RateDecision(false, 60));
        clock.advanceTimeBy(Duration.ofNanos(59_500_000));
        assertThat(limiter.tryAcquire("alice", 1)).isEqualTo(new RateDecision(false, 1));
    }

    @Test
    void refillOnVirtualTime() {
        drain("alice", 5);
        clock.advanceTimeBy(Duration.ofMillis(99));
        assertThat(limiter.tryAcquire("alice", 1).allowed()).isFalse();
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire("alice", 1).allowed()).isTrue();
        assertThat(limiter.tryAcquire("alice", 1).allowed()).isFalse();
        clock.advanceTimeBy(Duration.ofMillis(300));
        drain("alice", 3);
        assertThat(limiter.tryAcquire("alice", 1).allowed()).isFalse();
    }

    @Test
    void refillNeverExceedsTheBurst() {
        drain("alice", 5);
        clock.advanceTimeBy(Duration.ofHours(1));
        drain("alice", 5);
        assertThat(limiter.tryAcquire("alice", 1).allowed()).isFalse();
    }

    @Test
    void oneBucketPerClientIdSharedByAllItsCallers() {
        Bucket4jRateLimiter sameNode = limiter;
        drain("alice", 3);
        // A second connection of alice draws from the same bucket.
        assertThat(sameNode.tryAcquire("alice", 1).allowed()).isTrue();
        assertThat(sameNode.tryAcquire("alice", 1).allowed()).isTrue();
        assertThat(sameNode.tryAcquire("alice", 1).allowed()).isFalse();
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void differentClientsHaveIndependentBuckets() {
        drain("alice", 5);
        assertThat(limiter.tryAcquire("alice", 1).allowed()).isFalse();
        drain("bob", 5);
        assertThat(limiter.tryAcquire("bob", 1).allowed()).isFalse();
        assertThat(limiter.tryAcquire("carol", 1).allowed()).isTrue();
    }

    @Test
    void costAboveOneTakesThatManyTokens() {
        assertThat(limiter.tryAcquire("alice", 3).allowed()).isTrue();
        RateDecision refused = limiter.tryAcquire("alice", 3);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMs()).isEqualTo(100);
        // A refused command takes nothing: the 2 tokens are still there.
        drain("alice", 2);
        assertThat(limiter.tryAcquire("alice", 5)).isEqualTo(new RateDecision(false, 500));
        assertThat(limiter.tryAcquire("alice", 5).allowed()).isFalse();
        clock.advanceTimeBy(Duration.ofMillis(500));
        assertThat(limiter.tryAcquire("alice", 5).allowed()).isTrue();
    }

    @Test
    void costZeroIsAlwaysAllowedAndTakesNothing() {
        drain("alice", 5);
        assertThat(limiter.tryAcquire("alice", 0)).isEqualTo(RateDecision.ALLOWED);
        assertThat(limiter.tryAcquire("fresh", 0)).isEqualTo(RateDecision.ALLOWED);
        drain("fresh", 5);
    }

    @Test
    void costAboveTheBurstCanNeverBePaid() {
        // The loader refuses such a publishCost; the limiter answers "never" and takes nothing.
        RateDecision d = limiter.tryAcquire("alice", 6);
        assertThat(d).isEqualTo(new RateDecision(false, Long.MAX_VALUE));
        clock.advanceTimeBy(Duration.ofHours(1));
        assertThat(limiter.tryAcquire("alice", 6).allowed()).isFalse();
        drain("alice", 5);
    }

    @Test
    void aRateAboveTheBurstStillCapsAtTheBurst() {
        Bucket4jRateLimiter fast = new Bucket4jRateLimiter(1000, 2, clock);
        assertThat(fast.tryAcquire("a", 1).allowed()).isTrue();
        assertThat(fast.tryAcquire("a", 1).allowed()).isTrue();
        assertThat(fast.tryAcquire("a", 1)).isEqualTo(new RateDecision(false, 1));
        clock.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(fast.tryAcquire("a", 2).allowed()).isTrue();
        assertThat(fast.tryAcquire("a", 1).allowed()).isFalse();
    }

    @Test
    void extremeConfigurationsStillWork() {
        Bucket4jRateLimiter slow = new Bucket4jRateLimiter(1, 1_000_000_000, clock);
        assertThat(slow.tryAcquire("a", 1_000_000_000).allowed()).isTrue();
        assertThat(slow.tryAcquire("a", 1)).isEqualTo(new RateDecision(false, 1000));
        Bucket4jRateLimiter huge = new Bucket4jRateLimiter(100_000_000, 1, clock);
        assertThat(huge.tryAcquire("a", 1).allowed()).isTrue();
        assertThat(huge.tryAcquire("a", 1)).isEqualTo(new RateDecision(false, 1));
    }

    @Test
    void idleBucketsAreForgottenOnlyOnceTheyWouldBeFullAgain() {
        for (int i = 0; i < 100; i++) {
            drain("c" + i, 5);
        }
        assertThat(limiter.size()).isEqualTo(100);
        // 5 tokens at 10/s refill in 500 ms; buckets idle for that plus a second may go.
        clock.advanceTimeBy(Duration.ofMillis(1499));
        limiter.tryAcquire("trigger-1", 1);
        assertThat(limiter.size()).isEqualTo(101);
        clock.advanceTimeBy(Duration.ofMillis(2));
        limiter.tryAcquire("trigger-2", 1);
        assertThat(limiter.size()).isLessThanOrEqualTo(2);
        // A forgotten client starts with a full bucket, which is what it would have had anyway.
        drain("c0", 5);
        assertThat(limiter.tryAcquire("c0", 1).allowed()).isFalse();
    }

    @Test
    void unlimitedAllowsEverything() {
        RateLimiter u = RateLimiter.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertThat(u.tryAcquire("x", 1_000_000).allowed()).isTrue();
        }
    }
}
