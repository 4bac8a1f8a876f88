package io.fluxgate.config;

import java.time.Duration;

/**
 * Server-side liveness checks.
 *
 * @param interval server WebSocket ping period (default 25s)
 * @param timeout no pong or other frame within this after a ping closes 4010 (default 10s)
 */
public record HeartbeatConfig(Duration interval, Duration timeout) {
    public HeartbeatConfig {
        Checks.positive("interval", interval);
        Checks.positive("timeout", timeout);
    }

    static HeartbeatConfig defaults() {
        return new HeartbeatConfig(Duration.ofSeconds(25), Duration.ofSeconds(10));
    }
}
