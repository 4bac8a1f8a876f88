package io.fluxgate.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /metrics}: the Prometheus text exposition format (0.0.4), UTF-8. The scrape walks every meter
 * (and every session for the queue gauges), so it runs on a bounded-elastic thread, never on the event loop.
 */
public final class MetricsHandler {
    /** The Prometheus text format 0.0.4, the one every Prometheus-compatible scraper reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsHandler(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public Mono<Void> metrics(HttpServerRequest req, HttpServerResponse res) {
        Mono<byte[]> body = Mono.fromCallable(() -> registry.scrape(CONTENT_TYPE)
                        .getBytes(StandardCharsets.UTF_8))
                .subscribeOn(Schedulers.boundedElastic());
        return res.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .sendByteArray(body)
                .then();
    }
}
