package io.fluxgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Listener and connection-level settings.
 *
 * @param host bind address (default 127.0.0.1); a non-loopback host needs auth or --allow-anonymous
 * @param port main port; 0 picks a free one (default 8080)
 * @param wsPath WebSocket endpoint path (default /ws)
 * @param adminPort separate port for /health, /ready and /metrics; null keeps them on the main port
 * @param maxConnections open WebSockets in total; over it the handshake gets HTTP 503 (default 100000)
 * @param perIp per-IP handshake limits
 * @param allowedOrigins accepted Origin headers, each {@code scheme://host[:port]} (compared without regard to
 *     case); empty accepts any (default empty)
 * @param trustedProxies IPv4/IPv6 CIDRs (or single addresses) whose Forwarded / X-Forwarded-For headers are
 *     believed (default empty: the socket peer is the client)
 * @param drainTimeout graceful shutdown budget (default 10s)
 */
public record ServerConfig(String host, int port, String wsPath, Integer adminPort, int maxConnections,
                           PerIpConfig perIp, List<String> allowedOrigins, List<String> trustedProxies,
                           Duration drainTimeout) {
    private static final Pattern ORIGIN = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s@]+");

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Checks.check(!host.isBlank(), "host", "''", "a host name or address");
        Checks.range("port", port, 0, 65535);
        Objects.requireNonNull(wsPath, "wsPath");
        Checks.check(wsPath.startsWith("/"), "wsPath", wsPath, "a path starting with /");
        if (adminPort != null) {
            Checks.range("adminPort", adminPort, 0, 65535);
        }
        Checks.range("maxConnections", maxConnections, 1, Integer.MAX_VALUE);
        Objects.requireNonNull(perIp, "perIp");
        allowedOrigins = List.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            Checks.check(ORIGIN.matcher(origin).matches(), "allowedOrigins", origin,
                    "origins such as https://app.example.com or http://localhost:3000, without path or trailing /");
        }
        trustedProxies = List.copyOf(trustedProxies);
        for (String cidr : trustedProxies) {
            try {
                Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                Checks.check(false, "trustedProxies", cidr,
                        "IPv4/IPv6 addresses or CIDRs such as 10.0.0.0/8, 127.0.0.1, fd00::/8; " + e.getMessage());
            }
        }
        Checks.positive("drainTimeout", drainTimeout);
    }

    /** The trusted proxy ranges, parsed. */
    public List<Cidr> trustedProxyRanges() {
        return trustedProxies.stream().map(Cidr::parse).toList();
    }

    static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8080, "/ws", null, 100_000, PerIpConfig.defaults(),
                List.of(), List.of(), Duration.ofSeconds(10));
    }
}
