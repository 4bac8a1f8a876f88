package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Rate limits, strikes, size limits and handshake limits over real sockets, with the gateway on virtual time. */
class FlowControlIntegrationTest extends GatewayTestBase {
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    @Test
    void overTheRateACommandIsRefusedWithRetryAfterAndAllowedAgainAfterTheRefill() {
        start("limits:\n  ratePerSecond: 2\n  burst: 3\n", clock);
        try (TestClient c = connect("client=rl")) {
            c.next("welcome");
            for (int i = 0; i < 4; i++) {
                c.send("type", "ping", "id", i);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(c.next().path("type").asText()).isEqualTo("pong");
            }
            JsonNode limited = c.next();
            assertThat(limited.path("code").asText()).isEqualTo("rate_limited");
            assertThat(limited.path("id").asInt()).isEqualTo(3);
            long retryAfter = limited.path("retryAfterMs").asLong();
            assertThat(retryAfter).isBetween(1L, 500L);

            clock.advanceTimeBy(Duration.ofMillis(retryAfter));
            c.send("type", "ping", "id", "again");
            assertThat(c.next().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void allConnectionsOfOneClientShareOneBucket() {
        start("limits:\n  ratePerSecond: 1\n  burst: 2\n", clock);
        try (TestClient a = connect("client=same"); TestClient b = connect("client=same")) {
            a.next("welcome");
            b.next("welcome");
            a.send("type", "ping");
            b.send("type", "ping");
            assertThat(a.next().path("type").asText()).isEqualTo("pong");
            assertThat(b.next().path("type").asText()).isEqualTo("pong");
            a.send("type", "ping");
            assertThat(a.next().path("code").asText()).isEqualTo("rate_limited");
        }
    }

    @Test
    void aPublishCostsItsNamespacesPublishCost() {
        start("limits:\n  ratePerSecond: 1\n  burst: 5\nchannels:\n  namespaces:\n    costly: { publishCost: 3 }\n", clock);
        try (TestClient c = connect("client=cost")) {
            c.next("welcome");
            c.send("type", "publish", "channel", "costly:x", "data", 1);
            assertThat(c.next().path("type").asText()).isEqualTo("ack");
            c.send("type", "publish", "channel", "costly:x", "data", 2);
            assertThat(c.next().path("code").asText()).isEqualTo("rate_limited");
            c.send("type", "publish", "channel", "cheap", "data", 3);
            assertThat(c.next().path("type").asText()).isEqualTo("ack");
        }
    }

    @Test
    void tooManyRefusalsWithinTenSecondsClose1008() {
        start("limits:\n  ratePerSecond: 1\n  burst: 1\n  strikes: 3\n", clock);
        try (TestClient c = connect("client=flood")) {
            c.next("welcome");
            for (int i = 0; i < 5; i++) {
                c.send("type", "ping", "id", i);
            }
            assertThat(c.next().path("type").asText()).isEqualTo("pong");
            for (int i = 0; i < 4; i++) {
                assertThat(c.next().path("code").asText()).isEqualTo("rate_limited");
            }
            assertThat(c.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void overMaxMessageBytesIsTooLargeAndTheConnectionStays() {
        start("limits:\n  maxMessageBytes: 1024\n  maxFrameBytes: 4096\n", clock);
        try (TestClient c = connect("client=big")) {
            c.next("welcome");
            c.send("type", "publish", "channel", "x", "data", "d".repeat(2000));
            JsonNode err = c.next();
            assertThat(err.path("code").asText()).isEqualTo("too_large");
            c.send("type", "ping", "id", "still");
            assertThat(c.next().path("id").asText()).isEqualTo("still");
        }
    }

    @Test
    void aFrameOverTheHardCapCloses1009() throws Exception {
        start("limits:\n  maxMessageBytes: 1024\n  maxFrameBytes: 4096\n", clock);
        try (RawWsClient raw = new RawWsClient(port(), "client=huge")) {
            raw.sendFrame(RawWsClient.TEXT, "a".repeat(8192).getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readUntilClose()).isEqualTo(1009);
        }
    }

    @Test
    void aFragmentedMessageOverTheHardCapCloses1009() throws Exception {
        start("limits:\n  maxMessageBytes: 1024\n  maxFrameBytes: 4096\n", clock);
        try (RawWsClient raw = new RawWsClient(port(), "client=frag")) {
            raw.sendFrame(RawWsClient.TEXT, "a".repeat(3000).getBytes(StandardCharsets.UTF_8), false);
            raw.sendFrame(0, "b".repeat(3000).getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readUntilClose()).isEqualTo(1009);
        }
    }

    @Test
    void perIpConnectRateAnswers429UntilTheBucketRefills() {
        start("server:\n  perIp:\n    connectsPerSecond: 2\n", clock);
        try (TestClient a = connect("client=a"); TestClient b = connect("client=b")) {
            assertThat(TestClient.handshakeStatus(port(), "client=c", Map.of())).isEqualTo(429);
            clock.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(TestClient.handshakeStatus(port(), "client=c", Map.of())).isEqualTo(101);
        }
    }

    @Test
    void perIpConnectionCapAnswers429AndFreesSlotsOnClose() {
        start("server:\n  perIp:\n    maxConnections: 2\n    connectsPerSecond: 1000\n", clock);
        TestClient a = connect("client=a");
        try (TestClient b = connect("client=b")) {
            assertThat(TestClient.handshakeStatus(port(), "client=c", Map.of())).isEqualTo(429);
            a.close();
            awaitOpenConnections(1);
            assertThat(TestClient.handshakeStatus(port(), "client=c", Map.of())).isEqualTo(101);
        }
    }

    @Test
    void theNodeConnectionCapAnswers503() {
        start("server:\n  maxConnections: 2\n", clock);
        try (TestClient a = connect("client=a"); TestClient b = connect("client=b")) {
            assertThat(TestClient.handshakeStatus(port(), "client=c", Map.of())).isEqualTo(503);
        }
    }

    /** Waits (bounded) until the server has released closed connections' slots. */
    private void awaitOpenConnections(int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String body = HttpProbe.get(port(), "/ready").body();
            if (body.contains("\"connections\":" + expected + "}")) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("open connections never reached " + expected);
    }
}
