package io.fluxgate.config;

/**
 * Per-client and per-connection limits.
 *
 * @param maxMessageBytes larger inbound message: error too_large, connection kept (default 65536)
 * @param maxFrameBytes larger frame or reassembled message: close 1009 (default 1048576)
 * @param ratePerSecond token-bucket refill per client id (default 100)
 * @param burst bucket capacity (default 200)
 * @param strikes rate-limited commands tolerated within 10 s before close 1008 (default 50)
 * @param outboundBufferMessages queued outbound messages per connection; overflow closes 4009 (default 4096)
 * @param outboundBufferBytes queued outbound bytes per connection; overflow closes 4009 (default 4194304)
 * @param maxApiBodyBytes /api/* request body cap; larger: HTTP 413 (default 1048576)
 */
public record LimitsConfig(int maxMessageBytes, int maxFrameBytes, int ratePerSecond, int burst, int strikes,
                           int outboundBufferMessages, long outboundBufferBytes, int maxApiBodyBytes) {
    public LimitsConfig {
        Checks.range("maxMessageBytes", maxMessageBytes, 16, 64 * 1024 * 1024);
        Checks.range("maxFrameBytes", maxFrameBytes, 16, 64 * 1024 * 1024);
        Checks.check(maxFrameBytes >= maxMessageBytes, "maxFrameBytes", maxFrameBytes,
                ">= maxMessageBytes (" + maxMessageBytes + ")");
        Checks.range("ratePerSecond", ratePerSecond, 1, 100_000_000);
        Checks.range("burst", burst, 1, 1_000_000_000);
        Checks.range("strikes", strikes, 0, 1_000_000);
        Checks.range("outboundBufferMessages", outboundBufferMessages, 8, 10_000_000);
        Checks.atLeast("outboundBufferBytes", outboundBufferBytes, 1024);
        Checks.range("maxApiBodyBytes", maxApiBodyBytes, 16, 64 * 1024 * 1024);
    }

    static LimitsConfig defaults() {
        return new LimitsConfig(65_536, 1_048_576, 100, 200, 50, 4096, 4_194_304, 1_048_576);
    }
}
