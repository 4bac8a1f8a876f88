package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Heartbeats, graceful drain, handshake answers, large messages and many connections. */
class LifecycleIntegrationTest extends GatewayTestBase {

    @Test
    void aClientThatNeverAnswersPingsIsClosedWith4010() throws Exception {
        start("heartbeat:\n  interval: 200ms\n  timeout: 300ms\n");
        try (RawWsClient raw = new RawWsClient(port(), "client=mute")) {
            boolean sawPing = false;
            while (true) {
                RawWsClient.Frame f = raw.read();
                if (f.opcode() == RawWsClient.PING) {
                    sawPing = true;
                }
                if (f.opcode() == RawWsClient.CLOSE) {
                    assertThat(sawPing).as("a ping came before the close").isTrue();
                    assertThat(f.closeCode()).isEqualTo(4010);
                    break;
                }
            }
        }
    }

    @Test
    void aClientThatAnswersPingsStaysConnected() throws Exception {
        start("heartbeat:\n  interval: 100ms\n  timeout: 200ms\n");
        try (RawWsClient raw = new RawWsClient(port(), "client=polite")) {
            int pongs = 0;
            while (pongs < 8) {
                RawWsClient.Frame f = raw.read();
                assertThat(f.opcode()).isNotEqualTo(RawWsClient.CLOSE);
                if (f.opcode() == RawWsClient.PING) {
                    raw.sendFrame(RawWsClient.PONG, f.payload(), true);
                    pongs++;
                }
            }
            // Eight ping/pong rounds span several timeouts; the connection still answers commands.
            raw.sendText("{\"type\":\"ping\",\"id\":\"alive\"}");
            RawWsClient.Frame f;
            do {
                f = raw.read();
            } while (f.opcode() != RawWsClient.TEXT);
            assertThat(f.text()).contains("\"alive\"");
        }
    }

    @Test
    void drainDeliversEverythingAlreadyAcceptedThenCloses1001() {
        start("limits:\n  ratePerSecond: 10000\n  burst: 10000\n");
        TestClient sub = connect("client=sub");
        sub.send("type", "subscribe", "channel", "drain");
        sub.next("subscribed");
        sub.pause();
        try (TestClient pub = connect("client=pub")) {
            for (int i = 1; i <= 500; i++) {
                pub.send("type", "publish", "channel", "drain", "data", Map.of("i", i, "pad", "p".repeat(200)));
            }
            pub.take("ack", 500);
        }
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(10)));
        int ready = HttpProbe.status(port(), "/ready");
        assertThat(ready).isIn(503, -1);
        sub.resume();
        List<JsonNode> events = sub.take("event", 500);
        for (int i = 0; i < 500; i++) {
            assertThat(events.get(i).path("seq").asLong()).isEqualTo(i + 1);
        }
        assertThat(sub.awaitClose()).isEqualTo(1001);
        stopping.join();
        server = null;
    }

    @Test
    void upgradesDuringDrainGet503AndReadinessTurns503() {
        start("");
        TestClient idle = connect("client=idle");
        idle.pause();
        server.services().registry();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(3)));
        // The paused client keeps the drain waiting long enough to probe the node.
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 503) {
            status = TestClient.handshakeStatus(port(), "client=late", Map.of());
        }
        assertThat(status).isEqualTo(503);
        idle.resume();
        assertThat(idle.awaitClose()).isEqualTo(1001);
        stopping.join();
        server = null;
    }

    @Test
    void handshakeAnswersForBadRequests() {
        start("");
        assertThat(HttpProbe.status(port(), "/ws")).isEqualTo(426);
        assertThat(TestClient.handshakeStatus(port(), "client=has%20space", Map.of())).isEqualTo(400);
        assertThat(HttpProbe.status(port(), "/health")).isEqualTo(200);
        assertThat(HttpProbe.status(port(), "/ready")).isEqualTo(200);
    }

    @Test
    void oneMegabyteEventsGoOut() {
        start("limits:\n  maxMessageBytes: 2000000\n  maxFrameBytes: 2000000\n");
        try (TestClient c = connect("client=mb")) {
            c.send("type", "subscribe", "channel", "mb");
            c.next("subscribed");
            String data = "z".repeat(1024 * 1024);
            c.send("type", "publish", "channel", "mb", "data", data);
            assertThat(c.next("event").path("data").asText()).isEqualTo(data);
        }
    }

    @Test
    void aThousandConcurrentConnectionsAllReceiveABroadcast() {
        start("server:\n  perIp:\n    connectsPerSecond: 100000\n    maxConnections: 5000\n");
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                TestClient c = connect("client=c" + i);
                c.send("type", "subscribe", "channel", "all");
                clients.add(c);
            }
            for (TestClient c : clients) {
                c.next("subscribed");
            }
            assertThat(server.services().registry().size()).isEqualTo(1000);
            clients.get(0).send("type", "publish", "channel", "all", "data", "hello");
            for (TestClient c : clients) {
                JsonNode ev = c.next("event");
                assertThat(ev.path("data").asText()).isEqualTo("hello");
                assertThat(ev.path("seq").asLong()).isEqualTo(1);
            }
        } finally {
            clients.forEach(TestClient::abort);
        }
    }
}
