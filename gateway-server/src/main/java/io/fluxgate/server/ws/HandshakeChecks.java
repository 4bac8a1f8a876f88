package io.fluxgate.server.ws;

import java.net.InetSocketAddress;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The checks a handshake passes before the upgrade, in the contract's order: client IP, origin and per-IP
 * limits, then authentication. Extension point for the security and flow-control layers.
 */
public class HandshakeChecks {
    private final Authenticator authenticator;

    public HandshakeChecks(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The client IP: the socket peer. */
    public String clientIp(HttpServerRequest req) {
        InetSocketAddress peer = req.remoteAddress();
        return peer == null ? "unknown" : peer.getAddress().getHostAddress();
    }

    /** Checks that need no identity; null to go on. */
    public HandshakeRejection beforeAuth(HandshakeRequest request) {
        return null;
    }

    public Authenticator authenticator() {
        return authenticator;
    }
}
