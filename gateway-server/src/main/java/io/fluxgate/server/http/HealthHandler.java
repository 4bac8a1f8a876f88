package io.fluxgate.server.http;

import io.fluxgate.server.ws.ConnectionGuard;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code /health} (liveness) and {@code /ready} (readiness, 503 while draining). */
public final class HealthHandler {
    private final ConnectionGuard guard;

    public HealthHandler(ConnectionGuard guard) {
        this.guard = guard;
    }

    public Mono<Void> health(HttpServerRequest req, HttpServerResponse res) {
        return json(res, HttpResponseStatus.OK, "{\"status\":\"up\"}");
    }

    public Mono<Void> ready(HttpServerRequest req, HttpServerResponse res) {
        boolean draining = guard.draining();
        String body = "{\"ready\":" + !draining + ",\"checks\":{\"draining\":{\"ok\":" + !draining
                + (draining ? ",\"detail\":\"shutting down\"" : "") + "}},\"connections\":" + guard.open() + "}";
        return json(res, draining ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK, body);
    }

    static Mono<Void> json(HttpServerResponse res, HttpResponseStatus status, String body) {
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8)))
                .then();
    }
}
