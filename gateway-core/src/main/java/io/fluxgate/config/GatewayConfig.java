package io.fluxgate.config;

import java.util.Map;
import java.util.Objects;

/**
 * The whole, validated gateway configuration. Build it with {@link ConfigLoader}; every key and
 * default is listed in the README's configuration reference.
 */
public record GatewayConfig(ServerConfig server, AuthConfig auth, LimitsConfig limits, HeartbeatConfig heartbeat,
                            ChannelsConfig channels, LoggingConfig logging) {
    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(logging, "logging");
    }

    /** The embedded defaults: loopback on 8080, open mode, and the built-in {@code inbox} namespace. */
    public static GatewayConfig defaults() {
        NamespaceConfig d = NamespaceConfig.defaults();
        NamespaceConfig inbox = new NamespaceConfig(d.history(), d.historyTtl(), d.dedupWindow(), AccessRule.ANY,
                AccessRule.OWNER, d.batchMaxSize(), d.batchMaxDelay(), d.publishCost());
        return new GatewayConfig(ServerConfig.defaults(), AuthConfig.defaults(), LimitsConfig.defaults(),
                HeartbeatConfig.defaults(), new ChannelsConfig(d, Map.of("inbox", inbox)), LoggingConfig.defaults());
    }
}
