package io.fluxgate.server.ws;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A handshake refused by the {@link Authenticator}; hot path on abuse, so no stack trace. */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponseStatus status;

    public AuthenticationException(HttpResponseStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public HttpResponseStatus status() {
        return status;
    }
}
