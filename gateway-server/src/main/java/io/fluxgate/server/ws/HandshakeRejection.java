package io.fluxgate.server.ws;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Why a WebSocket handshake was refused, as the HTTP answer the client gets (no upgrade happens).
 *
 * @param status the HTTP status
 * @param reason a short reason for the body and the WARN log line (never a token)
 */
public record HandshakeRejection(HttpResponseStatus status, String reason) {
    public static HandshakeRejection of(HttpResponseStatus status, String reason) {
        return new HandshakeRejection(status, reason);
    }
}
