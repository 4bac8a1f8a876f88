package io.fluxgate.server.http;

import io.fluxgate.server.ws.ConnectionGuard;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code /health} (liveness: 200 while the process serves) and {@code /ready} (readiness: 200 when every
 * {@link ReadinessCheck} is ok, else 503), with a JSON body naming each check:
 * {@code {"ready":true,"checks":{"draining":{"ok":true}},"connections":12}}.
 */
public final class HealthHandler {
    private final List<ReadinessCheck> checks;
    private final IntSupplier connections;

    /**
     * @param checks the readiness checks, in the order the body lists them
     * @param connections open connections now, reported in the body
     */
    public HealthHandler(List<ReadinessCheck> checks, IntSupplier connections) {
        this.checks = List.copyOf(checks);
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** Readiness from the draining state alone, connections from the guard. */
    public HealthHandler(ConnectionGuard guard) {
        this(List.of(ReadinessCheck.draining(guard)), guard::open);
    }

    public Mono<Void> health(HttpServerRequest req, HttpServerResponse res) {
        return json(res, HttpResponseStatus.OK, "{\"status\":\"up\"}");
    }

    public Mono<Void> ready(HttpServerRequest req, HttpServerResponse res) {
        boolean ready = true;
        StringBuilder body = new StringBuilder("{\"checks\":{");
        for (int i = 0; i < checks.size(); i++) {
            ReadinessCheck c = checks.get(i);
            ReadinessCheck.Status s = c.check();
            ready &= s.ok();
            body.append(i == 0 ? "" : ",").append(quote(c.name())).append(":{\"ok\":").append(s.ok());
            if (s.detail() != null) {
                body.append(",\"detail\":").append(quote(s.detail()));
            }
            body.append('}');
        }
        body.append("},\"connections\":").append(connections.getAsInt()).append('}');
        String text = "{\"ready\":" + ready + "," + body.substring(1);
        return json(res, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, text);
    }

    static Mono<Void> json(HttpServerResponse res, HttpResponseStatus status, String body) {
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8)))
                .then();
    }

    /** A JSON string; check names and details are our own short texts, so escaping quotes and controls is enough. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
