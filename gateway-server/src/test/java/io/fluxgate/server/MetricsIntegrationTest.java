package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.server.metrics.PrometheusText;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * {@code /metrics} over a real socket: the scrape is valid exposition format (checked strictly), and the gateway
 * counters move by exactly what a scripted session did. The gateway runs on virtual time, so the rate limiter
 * refills only when the test says and no heartbeat ping sneaks into the counts.
 */
class MetricsIntegrationTest extends GatewayTestBase {
    private static final String CONFIG = """
            limits:
              ratePerSecond: 1
              burst: 8
              maxMessageBytes: 1024
              maxFrameBytes: 2048
            logging:
              level: error
            """;
    private static final int PUBLISHES = 5;

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    @Test
    void theScrapeIsValidExpositionFormatWithGatewayJvmAndNettyMeters() {
        start(CONFIG, clock);
        HttpResponse<String> res = HttpProbe.get(port(), "/metrics");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        PrometheusText scrape = PrometheusText.parse(res.body());
        assertThat(scrape.families().keySet()).contains(
                "fluxgate_connections", "fluxgate_connections_opened_total", "fluxgate_connections_closed_total",
                "fluxgate_messages_received_total", "fluxgate_messages_sent_total", "fluxgate_frames_sent_total",
                "fluxgate_received_bytes_total", "fluxgate_sent_bytes_total", "fluxgate_errors_sent_total",
                "fluxgate_rate_limited_total", "fluxgate_slow_consumers_total",
                "fluxgate_outbound_queued_messages", "fluxgate_outbound_queued_messages_max",
                "fluxgate_outbound_queued_bytes", "fluxgate_batch_size", "fluxgate_delivery_latency_seconds",
                "fluxgate_channels", "fluxgate_history_events", "fluxgate_logs_dropped_total",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "system_cpu_count", "process_cpu_usage", "netty_allocator_memory_used");
        assertThat(scrape.family("fluxgate_batch_size").type()).isEqualTo("histogram");
        assertThat(scrape.family("fluxgate_delivery_latency_seconds").type()).isEqualTo("histogram");
        assertThat(scrape.family("fluxgate_connections_closed_total").type()).isEqualTo("counter");
        // Every close code and error code is there from the start, so rate() works from the first scrape.
        assertThat(scrape.value("fluxgate_connections_closed_total", "code", "4009")).isZero();
        assertThat(scrape.value("fluxgate_errors_sent_total", "code", "rate_limited")).isZero();
    }

    @Test
    void countersMoveByExactlyWhatAScriptedSessionDid() throws Exception {
        start(CONFIG, clock);
        PrometheusText before = scrape();
        List<String> sent = new ArrayList<>();
        List<String> received = new ArrayList<>();
        try (RawWsClient alice = new RawWsClient(port(), "client=alice")) {
            received.add(readText(alice));                                  // welcome
            send(alice, sent, "{\"type\":\"subscribe\",\"channel\":\"m\",\"id\":1}");
            received.add(readText(alice));                                  // subscribed
            for (int i = 0; i < PUBLISHES; i++) {
                send(alice, sent, "{\"type\":\"publish\",\"channel\":\"m\",\"data\":{\"i\":" + i + "}}");
                received.add(readText(alice));                              // event and ack
                received.add(readText(alice));
            }
            send(alice, sent, "{broken");
            received.add(readText(alice));                                  // error invalid_json
            send(alice, sent, "{\"type\":\"ping\",\"id\":\"last-token\"}");
            received.add(readText(alice));                                  // pong: the 8th token
            send(alice, sent, "{\"type\":\"ping\",\"id\":\"over\"}");
            received.add(readText(alice));                                  // error rate_limited
            assertThat(received.get(received.size() - 1)).contains("rate_limited");
            assertThat(received.get(received.size() - 3)).contains("invalid_json");

            PrometheusText during = scrape();
            assertThat(during.value("fluxgate_connections")).isEqualTo(1);
            assertThat(during.value("fluxgate_channels")).isEqualTo(1);
            assertThat(during.value("fluxgate_history_events")).isEqualTo(PUBLISHES);
            assertThat(during.value("fluxgate_outbound_queued_messages")).isZero();

            alice.sendFrame(RawWsClient.CLOSE, new byte[] {0x03, (byte) 0xe8}, true);
            alice.readUntilClose();
        }
        // A second client sends a message over the hard cap (two fragments, each under it): the server closes 1009.
        String bobWelcome;
        try (RawWsClient bob = new RawWsClient(port(), "client=bob")) {
            bobWelcome = readText(bob);
            bob.sendFrame(RawWsClient.TEXT, "a".repeat(1500).getBytes(StandardCharsets.UTF_8), false);
            bob.sendFrame(0, "b".repeat(1500).getBytes(StandardCharsets.UTF_8), true);
            assertThat(bob.readUntilClose()).isEqualTo(1009);
        }
        PrometheusText after = awaitScrape(s -> s.value("fluxgate_connections_closed_total", "code", "client")
                - before.value("fluxgate_connections_closed_total", "code", "client") == 1
                && s.value("fluxgate_connections_closed_total", "code", "1009") == 1
                && s.value("fluxgate_connections") == 0);

        Delta d = new Delta(before, after);
        assertThat(d.of("fluxgate_connections_opened_total")).isEqualTo(2);
        assertThat(d.of("fluxgate_connections_closed_total", "code", "client")).isEqualTo(1);
        assertThat(d.of("fluxgate_connections_closed_total", "code", "1009")).isEqualTo(1);
        assertThat(d.sum("fluxgate_connections_closed_total")).isEqualTo(2);
        assertThat(d.of("fluxgate_messages_received_total", "type", "subscribe")).isEqualTo(1);
        assertThat(d.of("fluxgate_messages_received_total", "type", "publish")).isEqualTo(PUBLISHES);
        assertThat(d.of("fluxgate_messages_received_total", "type", "invalid")).isEqualTo(1);
        assertThat(d.of("fluxgate_messages_received_total", "type", "ping")).isEqualTo(2);
        assertThat(d.sum("fluxgate_messages_received_total")).isEqualTo(PUBLISHES + 4);
        assertThat(d.of("fluxgate_received_bytes_total")).isEqualTo(bytes(sent));
        int envelopes = received.size() + 1;                               // and bob's welcome
        assertThat(envelopes).isEqualTo(1 + 1 + 2 * PUBLISHES + 3 + 1);
        assertThat(d.of("fluxgate_messages_sent_total")).isEqualTo(envelopes);
        assertThat(d.of("fluxgate_frames_sent_total")).isEqualTo(envelopes);
        assertThat(d.of("fluxgate_sent_bytes_total"))
                .isEqualTo(bytes(received) + bobWelcome.getBytes(StandardCharsets.UTF_8).length);
        assertThat(d.of("fluxgate_errors_sent_total", "code", "invalid_json")).isEqualTo(1);
        assertThat(d.of("fluxgate_errors_sent_total", "code", "rate_limited")).isEqualTo(1);
        assertThat(d.sum("fluxgate_errors_sent_total")).isEqualTo(2);
        assertThat(d.of("fluxgate_rate_limited_total")).isEqualTo(1);
        assertThat(d.of("fluxgate_slow_consumers_total")).isZero();
        // One envelope per frame (no batch=true); the five live events were timed, on virtual time at 0 ms.
        assertThat(d.of("fluxgate_batch_size_count")).isEqualTo(envelopes);
        assertThat(d.of("fluxgate_batch_size_sum")).isEqualTo(envelopes);
        assertThat(d.of("fluxgate_batch_size_bucket", "le", "1.0")).isEqualTo(envelopes);
        assertThat(d.of("fluxgate_delivery_latency_seconds_count")).isEqualTo(PUBLISHES);
        assertThat(d.of("fluxgate_delivery_latency_seconds_bucket", "le", "0.001")).isEqualTo(PUBLISHES);
    }

    @Test
    void batchFramesAndDeliveryLatencyFollowTheGatewayClock() throws Exception {
        start(CONFIG + "channels:\n  namespaces:\n    slow: { batchMaxDelay: 30ms }\n", clock);
        PrometheusText before = scrape();
        try (TestClient sub = connect("client=sub&batch=true"); TestClient pub = connect("client=pub")) {
            sub.next("welcome");
            pub.next("welcome");
            sub.send("type", "subscribe", "channel", "slow:x");
            sub.next("subscribed");
            pub.send("type", "publish", "channel", "slow:x", "data", 1);
            pub.send("type", "publish", "channel", "slow:x", "data", 2);
            pub.take("ack", 2);
            // Both events wait for company until the 30 ms window passes on the gateway clock.
            clock.advanceTimeBy(Duration.ofMillis(30));
            JsonNode frame = sub.nextFrame();
            assertThat(frame.isArray()).isTrue();
            assertThat(frame.size()).isEqualTo(2);
        }
        PrometheusText after = awaitScrape(s -> s.value("fluxgate_delivery_latency_seconds_count")
                - before.value("fluxgate_delivery_latency_seconds_count") == 1);
        Delta d = new Delta(before, after);
        assertThat(d.of("fluxgate_batch_size_bucket", "le", "1.0")).isEqualTo(d.of("fluxgate_batch_size_count") - 1);
        assertThat(d.of("fluxgate_batch_size_bucket", "le", "2.0")).isEqualTo(d.of("fluxgate_batch_size_count"));
        // The earliest event of the frame waited exactly the 30 ms window: in the (25 ms, 50 ms] bucket.
        assertThat(d.of("fluxgate_delivery_latency_seconds_bucket", "le", "0.025")).isZero();
        assertThat(d.of("fluxgate_delivery_latency_seconds_bucket", "le", "0.05")).isEqualTo(1);
        assertThat(d.of("fluxgate_delivery_latency_seconds_sum")).isEqualTo(0.030);
    }

    private PrometheusText scrape() {
        HttpResponse<String> res = HttpProbe.get(port(), "/metrics");
        assertThat(res.statusCode()).isEqualTo(200);
        return PrometheusText.parse(res.body());
    }

    /** Scrapes until the condition holds (closes are processed asynchronously), with a generous deadline. */
    private PrometheusText awaitScrape(Predicate<PrometheusText> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        PrometheusText s = scrape();
        while (!condition.test(s)) {
            assertThat(System.nanoTime()).as("metrics condition within 15 s").isLessThan(deadline);
            s = scrape();
        }
        return s;
    }

    private static void send(RawWsClient c, List<String> sent, String text) throws Exception {
        c.sendText(text);
        sent.add(text);
    }

    private static String readText(RawWsClient c) throws Exception {
        RawWsClient.Frame f = c.read();
        assertThat(f.opcode()).as("a text frame").isEqualTo(RawWsClient.TEXT);
        return f.text();
    }

    private static long bytes(List<String> texts) {
        return texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
    }

    /** Differences between two scrapes. */
    private record Delta(PrometheusText before, PrometheusText after) {
        double of(String name, String... labels) {
            return after.value(name, labels) - before.value(name, labels);
        }

        double sum(String name) {
            return after.sum(name) - before.sum(name);
        }
    }
}
