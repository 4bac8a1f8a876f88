package io.fluxgate.bench.client;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;

/** Why a connection did not open, reduced to a short reason the report can count ("http 429", "refused", ...). */
public final class ConnectFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectFailure(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }

    public static ConnectFailure of(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && !(c instanceof WebSocketClientHandshakeException)) {
            if (c instanceof ConnectFailure f) {
                return f;
            }
            c = c.getCause();
        }
        if (c instanceof ConnectFailure f) {
            return f;
        }
        if (c instanceof WebSocketClientHandshakeException h && h.response() != null) {
            return new ConnectFailure("http " + h.response().status().code());
        }
        String msg = String.valueOf(c.getMessage());
        if (msg.contains("Connection refused")) {
            return new ConnectFailure("refused");
        }
        if (msg.contains("Cannot assign requested address") || msg.contains("Address already in use")) {
            return new ConnectFailure("no source port");
        }
        if (msg.contains("Too many open files")) {
            return new ConnectFailure("fd limit");
        }
        if (c instanceof io.netty.channel.ConnectTimeoutException) {
            return new ConnectFailure("connect timeout");
        }
        return new ConnectFailure(c.getClass().getSimpleName() + ": " + msg);
    }
}
