package io.fluxgate.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.ErrorCode;
import io.fluxgate.session.OutboundFrame;
import io.fluxgate.session.SessionRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The hooks feed the meters as documented, checked through a strictly parsed scrape. */
class GatewayMetricsTest {
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger channels = new AtomicInteger(3);
    private final GatewayMetrics metrics = new GatewayMetrics(registry, clock, new SessionRegistry(), channels::get,
            () -> 42L);

    private PrometheusText scrape() {
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void unknownTypesAreFoldedIntoOtherSoTagsStayBounded() {
        metrics.messageIn("publish", 10);
        metrics.messageIn("something-new", 5);
        metrics.messageIn("x" + System.nanoTime(), 5);
        PrometheusText s = scrape();
        assertThat(s.value("fluxgate_messages_received_total", "type", "publish")).isEqualTo(1);
        assertThat(s.value("fluxgate_messages_received_total", "type", "other")).isEqualTo(2);
        assertThat(s.family("fluxgate_messages_received_total").samples()).hasSize(8);
        assertThat(s.value("fluxgate_received_bytes_total")).isEqualTo(20);
    }

    @Test
    void closesAreTaggedWithTheCodeOrClient() {
        metrics.closed(null, null);
        metrics.closed(null, CloseCode.SLOW_CONSUMER);
        metrics.errorSent(ErrorCode.NOT_SUBSCRIBED);
        PrometheusText s = scrape();
        assertThat(s.value("fluxgate_connections_closed_total", "code", "client")).isEqualTo(1);
        assertThat(s.value("fluxgate_connections_closed_total", "code", "4009")).isEqualTo(1);
        assertThat(s.value("fluxgate_errors_sent_total", "code", "not_subscribed")).isEqualTo(1);
        assertThat(s.family("fluxgate_connections_closed_total").samples()).hasSize(CloseCode.values().length + 1);
    }

    @Test
    void framesFeedCountsBatchSizesAndLatencyOnTheGatewayClock() {
        clock.advanceTimeBy(Duration.ofSeconds(100));
        long now = 100_000;
        metrics.frameOut(new OutboundFrame(true, new byte[0], 0, OutboundFrame.NO_EVENT));  // ping
        metrics.frameOut(new OutboundFrame(false, new byte[10], 1));                         // a reply
        metrics.frameOut(new OutboundFrame(false, new byte[30], 3, now - 40));               // 3 events
        metrics.frameOut(new OutboundFrame(false, new byte[5], 1, now + 5));                 // clock skew: 0
        PrometheusText s = scrape();
        assertThat(s.value("fluxgate_frames_sent_total")).isEqualTo(4);
        assertThat(s.value("fluxgate_messages_sent_total")).isEqualTo(5);
        assertThat(s.value("fluxgate_sent_bytes_total")).isEqualTo(45);
        assertThat(s.value("fluxgate_batch_size_count")).isEqualTo(3);
        assertThat(s.value("fluxgate_batch_size_bucket", "le", "2.0")).isEqualTo(2);
        assertThat(s.value("fluxgate_batch_size_bucket", "le", "4.0")).isEqualTo(3);
        assertThat(s.value("fluxgate_delivery_latency_seconds_count")).isEqualTo(2);
        assertThat(s.value("fluxgate_delivery_latency_seconds_bucket", "le", "0.001")).isEqualTo(1);
        assertThat(s.value("fluxgate_delivery_latency_seconds_bucket", "le", "0.025")).isEqualTo(1);
        assertThat(s.value("fluxgate_delivery_latency_seconds_bucket", "le", "0.05")).isEqualTo(2);
        assertThat(s.value("fluxgate_delivery_latency_seconds_sum")).isEqualTo(0.04);
    }

    @Test
    void brokerGaugesFollowTheirSuppliers() {
        assertThat(scrape().value("fluxgate_channels")).isEqualTo(3);
        channels.set(7);
        System.gc(); // the gauges must survive a collection (Micrometer holds gauge state weakly by default)
        assertThat(scrape().value("fluxgate_channels")).isEqualTo(7);
        assertThat(scrape().value("fluxgate_history_events")).isEqualTo(42);
        assertThat(scrape().value("fluxgate_connections")).isZero();
    }
}
