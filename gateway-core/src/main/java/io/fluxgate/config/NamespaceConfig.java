package io.fluxgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the channels in one namespace (the part of a channel name before the first {@code :}).
 *
 * @param history events kept per channel for recovery (default 1000)
 * @param historyTtl how long an event stays recoverable (default 10m)
 * @param dedupWindow how long an idempotency key is remembered (default 2m)
 * @param publish who may publish (default any)
 * @param subscribe who may subscribe (default any)
 * @param batchMaxSize envelopes per batch frame / per flush (default 64)
 * @param batchMaxDelay deliberate coalescing window; 0 batches only what is already queued (default 0ms)
 * @param publishCost rate-limit tokens per publish (default 1)
 */
public record NamespaceConfig(int history, Duration historyTtl, Duration dedupWindow, AccessRule publish,
                              AccessRule subscribe, int batchMaxSize, Duration batchMaxDelay, int publishCost) {
    public NamespaceConfig {
        Checks.range("history", history, 0, 10_000_000);
        Checks.positive("historyTtl", historyTtl);
        Checks.nonNegative("dedupWindow", dedupWindow);
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(subscribe, "subscribe");
        Checks.range("batchMaxSize", batchMaxSize, 1, 10_000);
        Checks.nonNegative("batchMaxDelay", batchMaxDelay);
        Checks.check(batchMaxDelay.compareTo(Duration.ofSeconds(10)) <= 0, "batchMaxDelay",
                Durations.format(batchMaxDelay), "<= 10s");
        Checks.range("publishCost", publishCost, 0, 1_000_000);
    }

    static NamespaceConfig defaults() {
        return new NamespaceConfig(1000, Duration.ofMinutes(10), Duration.ofMinutes(2), AccessRule.ANY,
                AccessRule.ANY, 64, Duration.ZERO, 1);
    }
}
