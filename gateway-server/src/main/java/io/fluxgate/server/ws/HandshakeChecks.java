package io.fluxgate.server.ws;

import io.fluxgate.config.ServerConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The checks a handshake passes before the upgrade, in the contract's order: client IP (through the
 * trusted-proxy rule), origin and per-IP limits, then authentication.
 */
public class HandshakeChecks {
    private final Authenticator authenticator;
    private final ClientIpResolver ips;
    private final Set<String> allowedOrigins;

    /** No origin list and no trusted proxies: any origin, the socket peer is the client. */
    public HandshakeChecks(Authenticator authenticator) {
        this(authenticator, new ClientIpResolver(List.of()), List.of());
    }

    /** Origins and trusted proxies from {@code server.allowedOrigins} and {@code server.trustedProxies}. */
    public HandshakeChecks(Authenticator authenticator, ServerConfig server) {
        this(authenticator, new ClientIpResolver(server.trustedProxyRanges()), server.allowedOrigins());
    }

    public HandshakeChecks(Authenticator authenticator, ClientIpResolver ips, List<String> allowedOrigins) {
        this.authenticator = authenticator;
        this.ips = ips;
        // Scheme and host are case-insensitive (RFC 6454); browsers send them in lower case.
        this.allowedOrigins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** The client IP: the socket peer, or the forwarded address when the peer is a trusted proxy. */
    public String clientIp(HttpServerRequest req) {
        return ips.resolve((InetSocketAddress) req.connectionRemoteAddress(), req.requestHeaders());
    }

    /** Checks that need no identity; null to go on. */
    public HandshakeRejection beforeAuth(HandshakeRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !allowedOrigins.isEmpty() && !allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
            return HandshakeRejection.of(HttpResponseStatus.FORBIDDEN, "origin " + printable(origin)
                    + " is not in server.allowedOrigins");
        }
        return null;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public ClientIpResolver ips() {
        return ips;
    }

    /** A header value fit for a log line and a response body: printable ASCII, at most 100 chars. */
    static String printable(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && b.length() < 100; i++) {
            char c = value.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return "'" + b + (value.length() > 100 ? "…" : "") + "'";
    }
}
