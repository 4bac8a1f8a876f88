package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Protocol v1 over real sockets: welcome, pub/sub, inbox rules, ordering, errors that keep the connection. */
class ProtocolIntegrationTest extends GatewayTestBase {

    @BeforeEach
    void startGateway() {
        start("limits:\n  ratePerSecond: 10000\n  burst: 10000\n");
    }

    @Test
    void welcomeComesFirstWithTheClientIdAndLimits() {
        try (TestClient c = connect("client=alice")) {
            JsonNode w = c.next();
            assertThat(w.path("type").asText()).isEqualTo("welcome");
            assertThat(w.path("client").asText()).isEqualTo("alice");
            assertThat(w.path("protocol").asInt()).isEqualTo(1);
            assertThat(w.path("session").asText()).isNotBlank();
            assertThat(w.path("heartbeatMs").asLong()).isEqualTo(25_000);
            assertThat(w.path("limits").path("maxMessageBytes").asInt()).isEqualTo(65_536);
            assertThat(w.path("limits").path("ratePerSecond").asInt()).isEqualTo(10_000);
            assertThat(w.path("limits").path("burst").asInt()).isEqualTo(10_000);
        }
    }

    @Test
    void anonymousClientsGetDistinctGeneratedIds() {
        try (TestClient a = connect(""); TestClient b = connect("")) {
            String idA = a.next("welcome").path("client").asText();
            String idB = b.next("welcome").path("client").asText();
            assertThat(idA).isNotBlank().isNotEqualTo(idB);
        }
    }

    @Test
    void publishReachesEverySubscriberIncludingThePublisher() {
        try (TestClient alice = connect("client=alice"); TestClient bob = connect("client=bob")) {
            alice.send("type", "subscribe", "channel", "chat:room", "id", "s1");
            JsonNode sub = alice.next("subscribed");
            assertThat(sub.path("id").asText()).isEqualTo("s1");
            assertThat(sub.path("seq").asLong()).isZero();
            assertThat(sub.has("recovered")).isFalse();
            bob.send("type", "subscribe", "channel", "chat:room");
            bob.next("subscribed");

            bob.send("{\"type\":\"publish\",\"id\":7,\"channel\":\"chat:room\",\"event\":\"msg\",\"data\":{\"text\":\"hi\"}}");
            JsonNode ack = bob.next("ack");
            assertThat(ack.path("id").isInt()).isTrue();
            assertThat(ack.path("id").asInt()).isEqualTo(7);
            assertThat(ack.path("seq").asLong()).isEqualTo(1);

            for (TestClient c : List.of(alice, bob)) {
                JsonNode ev = c.next("event");
                assertThat(ev.path("channel").asText()).isEqualTo("chat:room");
                assertThat(ev.path("seq").asLong()).isEqualTo(1);
                assertThat(ev.path("epoch").asText()).isEqualTo(sub.path("epoch").asText());
                assertThat(ev.path("event").asText()).isEqualTo("msg");
                assertThat(ev.path("data").path("text").asText()).isEqualTo("hi");
                assertThat(ev.path("from").asText()).isEqualTo("bob");
                assertThat(ev.path("ts").asLong()).isPositive();
            }
        }
    }

    @Test
    void inboxIsPrivateToItsOwnerButAnyoneMayWriteToIt() {
        try (TestClient alice = connect("client=alice"); TestClient bob = connect("client=bob")) {
            bob.send("type", "subscribe", "channel", "inbox:alice", "id", "x");
            JsonNode err = bob.next("error");
            assertThat(err.path("code").asText()).isEqualTo("forbidden");
            assertThat(err.path("id").asText()).isEqualTo("x");

            alice.send("type", "subscribe", "channel", "inbox:alice");
            alice.next("subscribed");
            bob.send("type", "publish", "channel", "inbox:alice", "data", Map.of("task", "summarise"));
            bob.next("ack");
            JsonNode ev = alice.next("event");
            assertThat(ev.path("from").asText()).isEqualTo("bob");
            assertThat(ev.path("data").path("task").asText()).isEqualTo("summarise");

            // The refused subscribe left bob's connection usable.
            bob.send("type", "ping", "id", "p");
            assertThat(bob.next("pong").path("id").asText()).isEqualTo("p");
        }
    }

    @Test
    void hundredMessagesArriveInOrderWithConsecutiveSeq() {
        try (TestClient sub = connect("client=sub"); TestClient pub = connect("client=pub")) {
            sub.send("type", "subscribe", "channel", "orders");
            sub.next("subscribed");
            for (int i = 1; i <= 100; i++) {
                pub.send("type", "publish", "channel", "orders", "data", i);
            }
            List<JsonNode> acks = pub.take("ack", 100);
            List<JsonNode> events = sub.take("event", 100);
            for (int i = 0; i < 100; i++) {
                assertThat(acks.get(i).path("seq").asLong()).isEqualTo(i + 1);
                assertThat(events.get(i).path("seq").asLong()).isEqualTo(i + 1);
                assertThat(events.get(i).path("data").asInt()).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void badFramesGetAnErrorAndKeepTheConnectionOpen() {
        try (TestClient c = connect("client=c")) {
            c.next("welcome");
            c.send("{not json");
            assertThat(c.next().path("code").asText()).isEqualTo("invalid_json");
            c.send("");
            assertThat(c.next().path("code").asText()).isEqualTo("invalid_message");
            c.send("[1,2]");
            assertThat(c.next().path("code").asText()).isEqualTo("invalid_message");
            c.send("{\"type\":\"teleport\",\"id\":\"t\"}");
            JsonNode unknown = c.next();
            assertThat(unknown.path("code").asText()).isEqualTo("unknown_type");
            assertThat(unknown.path("id").asText()).isEqualTo("t");
            c.send("{\"type\":\"publish\",\"id\":\"m\",\"data\":1}");
            JsonNode missing = c.next();
            assertThat(missing.path("code").asText()).isEqualTo("invalid_message");
            assertThat(missing.path("message").asText()).contains("channel");
            c.send("{\"type\":\"subscribe\",\"channel\":\"bad channel!\"}");
            assertThat(c.next().path("code").asText()).isEqualTo("invalid_channel");
            c.send("{\"type\":\"unsubscribe\",\"channel\":\"never\"}");
            assertThat(c.next().path("code").asText()).isEqualTo("not_subscribed");
            c.send("type", "ping", "ts", 42);
            JsonNode pong = c.next();
            assertThat(pong.path("type").asText()).isEqualTo("pong");
            assertThat(pong.path("ts").asInt()).isEqualTo(42);
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void binaryFramesCarryingJsonAreAccepted() {
        try (TestClient c = connect("client=bin")) {
            c.next("welcome");
            c.sendBinary("{\"type\":\"ping\",\"id\":\"b\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(c.next("pong").path("id").asText()).isEqualTo("b");
        }
    }

    @Test
    void fragmentedMessagesAreReassembled() {
        try (TestClient c = connect("client=frag")) {
            c.send("type", "subscribe", "channel", "frag");
            c.next("subscribed");
            String data = "x".repeat(3000);
            c.sendFragmented("{\"type\":\"publish\",\"channel\":\"frag\",\"data\":\"" + data + "\"}", 7);
            assertThat(c.next("event").path("data").asText()).isEqualTo(data);
        }
    }

    @Test
    void unicodeAndNestedJsonRoundTripUnchanged() throws Exception {
        try (TestClient c = connect("client=u")) {
            c.send("type", "subscribe", "channel", "u");
            c.next("subscribed");
            String data = "{\"text\":\"héllo 世界 🚀 שלום\",\"nested\":{\"a\":[1,{\"b\":[true,null,{\"c\":\"\\u0000\"}]}]},"
                    + "\"big\":123456789012345678901234567890,\"dec\":1.10}";
            c.send("{\"type\":\"publish\",\"channel\":\"u\",\"data\":" + data + "}");
            JsonNode ev = c.next("event");
            assertThat(ev.path("data")).isEqualTo(TestClient.JSON.readTree(data));
            assertThat(ev.path("data").path("big").bigIntegerValue().toString())
                    .isEqualTo("123456789012345678901234567890");
            assertThat(ev.path("data").path("text").asText()).isEqualTo("héllo 世界 🚀 שלום");
        }
    }

    @Test
    void tenKilobyteMessagesGoThrough() {
        try (TestClient c = connect("client=big")) {
            c.send("type", "subscribe", "channel", "big");
            c.next("subscribed");
            String data = "y".repeat(10 * 1024);
            c.send("type", "publish", "channel", "big", "data", data);
            assertThat(c.next("event").path("data").asText()).hasSize(10 * 1024);
        }
    }

    @Test
    void resubscribingReportsThePositionAndReplaysNothing() {
        try (TestClient c = connect("client=re")) {
            c.next("welcome");
            c.send("type", "subscribe", "channel", "re");
            c.next("subscribed");
            c.send("type", "publish", "channel", "re", "data", 1);
            c.next("event");
            c.next("ack");
            c.send("type", "subscribe", "channel", "re", "id", "again",
                    "since", Map.of("seq", 0, "epoch", "whatever"));
            JsonNode again = c.next();
            assertThat(again.path("type").asText()).isEqualTo("subscribed");
            assertThat(again.path("seq").asLong()).isEqualTo(1);
            c.send("type", "ping", "id", "after");
            // Nothing was replayed between the second subscribed and the pong.
            assertThat(c.next().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void unsubscribeStopsDelivery() {
        try (TestClient c = connect("client=un")) {
            c.next("welcome");
            c.send("type", "subscribe", "channel", "un");
            c.next("subscribed");
            c.send("type", "unsubscribe", "channel", "un", "id", "u1");
            JsonNode u = c.next();
            assertThat(u.path("type").asText()).isEqualTo("unsubscribed");
            assertThat(u.path("id").asText()).isEqualTo("u1");
            c.send("type", "publish", "channel", "un", "data", 1);
            c.next("ack");
            c.send("type", "ping");
            assertThat(c.next().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheOriginalSeqAndIsNotDeliveredTwice() {
        try (TestClient c = connect("client=idem")) {
            c.next("welcome");
            c.send("type", "subscribe", "channel", "idem");
            c.next("subscribed");
            c.send("type", "publish", "channel", "idem", "data", "a", "key", "k1");
            assertThat(c.next("ack").path("seq").asLong()).isEqualTo(1);
            c.next("event");
            c.send("type", "publish", "channel", "idem", "data", "a", "key", "k1");
            assertThat(c.next().path("seq").asLong()).isEqualTo(1);
            c.send("type", "publish", "channel", "idem", "data", "b", "key", "k2");
            // The duplicate produced no event: the next two are k2's ack and event, both seq 2.
            assertThat(c.next().path("seq").asLong()).isEqualTo(2);
            assertThat(c.next().path("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void systemChannelsAreForAdminsOnly() {
        try (TestClient c = connect("client=nobody")) {
            c.send("type", "subscribe", "channel", "$logs");
            assertThat(c.next("error").path("code").asText()).isEqualTo("forbidden");
        }
    }
}
