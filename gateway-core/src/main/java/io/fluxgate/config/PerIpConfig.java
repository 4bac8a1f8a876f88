package io.fluxgate.config;

/**
 * Handshake limits per client IP.
 *
 * @param maxConnections open WebSockets per IP; over it the handshake gets HTTP 429 (default 1000)
 * @param connectsPerSecond handshake attempts per second per IP; over it HTTP 429 (default 100)
 */
public record PerIpConfig(int maxConnections, int connectsPerSecond) {
    public PerIpConfig {
        Checks.range("maxConnections", maxConnections, 1, Integer.MAX_VALUE);
        Checks.range("connectsPerSecond", connectsPerSecond, 1, Integer.MAX_VALUE);
    }

    static PerIpConfig defaults() {
        return new PerIpConfig(1000, 100);
    }
}
