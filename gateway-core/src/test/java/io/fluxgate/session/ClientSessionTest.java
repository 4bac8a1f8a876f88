package io.fluxgate.session;

import static io.fluxgate.session.SessionHarness.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.broker.ChannelInfo;
import io.fluxgate.channel.Principal;
import io.fluxgate.protocol.ErrorCode;
import io.fluxgate.session.SessionHarness.Conn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The session pipeline without sockets: welcome, commands, channels; frames in, decoded frames out. */
class ClientSessionTest extends SessionTestBase {
    // --- welcome and the basic commands ---------------------------------------------------------------------

    @Test
    void welcomeIsTheFirstFrame() {
        SessionHarness h = harness("limits: { maxMessageBytes: 1000, ratePerSecond: 7, burst: 9 }\nheartbeat: { interval: 30s }\n");
        Conn c = h.open("alice");
        JsonNode w = c.one();
        assertThat(type(w)).isEqualTo("welcome");
        assertThat(w.get("session").textValue()).isEqualTo(c.session.id()).isNotBlank();
        assertThat(w.get("client").textValue()).isEqualTo("alice");
        assertThat(w.get("protocol").intValue()).isEqualTo(1);
        assertThat(w.get("heartbeatMs").longValue()).isEqualTo(30_000);
        assertThat(w.get("limits").toString()).isEqualTo("{\"maxMessageBytes\":1000,\"ratePerSecond\":7,\"burst\":9}");
        assertThat(h.registry.size()).isEqualTo(1);
        assertThat(h.observer.opened).hasValue(1);
        assertThat(h.open("bob").session.id()).isNotEqualTo(c.session.id());
    }

    @Test
    void subscribePublishAckAndEvent() {
        SessionHarness h = harness(ROOMY);
        Conn alice = h.open("alice").welcomed();
        Conn bob = h.open("bob").welcomed();
        alice.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"channel\":\"chat:lobby\"}");
        JsonNode sub = alice.one();
        assertThat(type(sub)).isEqualTo("subscribed");
        assertThat(sub.get("id").textValue()).isEqualTo("s1");
        assertThat(sub.get("channel").textValue()).isEqualTo("chat:lobby");
        assertThat(sub.get("seq").longValue()).isZero();
        assertThat(sub.has("recovered")).isFalse();
        String epoch = sub.get("epoch").textValue();

        h.clock.advanceTimeBy(Duration.ofMillis(1500));
        bob.send("{\"type\":\"publish\",\"id\":7,\"channel\":\"chat:lobby\",\"event\":\"msg\",\"data\":{\"text\":\"hi \u00e9\"}}");
        JsonNode ack = bob.one();
        assertThat(ack.toString()).isEqualTo("{\"type\":\"ack\",\"id\":7,\"channel\":\"chat:lobby\",\"seq\":1}");
        JsonNode ev = alice.one();
        assertThat(ev.toString()).isEqualTo("{\"type\":\"event\",\"channel\":\"chat:lobby\",\"seq\":1,\"epoch\":\"" + epoch
                + "\",\"event\":\"msg\",\"data\":{\"text\":\"hi \u00e9\"},\"from\":\"bob\",\"ts\":1500}");
        assertThat(bob.fresh()).isEmpty();
    }

    @Test
    void aSubscribedPublisherGetsItsOwnEventAndTheAck() {
        SessionHarness h = harness(ROOMY);
        Conn alice = h.open("alice").welcomed();
        alice.send("{\"type\":\"subscribe\",\"channel\":\"chat:x\"}").one();
        alice.send("{\"type\":\"publish\",\"id\":\"p\",\"channel\":\"chat:x\",\"data\":1}");
        assertThat(alice.fresh()).extracting(SessionTestBase::type).containsExactlyInAnyOrder("event", "ack");
    }

    @Test
    void repliesComeInCommandOrder() {
        SessionHarness h = harness(ROOMY);
        Conn c = h.open("alice").welcomed();
        c.send("{\"type\":\"ping\",\"id\":1}")
                .send("{\"type\":\"subscribe\",\"id\":2,\"channel\":\"chat:o\"}")
                .send("{\"type\":\"publish\",\"id\":3,\"channel\":\"other:o\",\"data\":null}")
                .send("{\"type\":\"unsubscribe\",\"id\":4,\"channel\":\"chat:o\"}")
                .send("{\"type\":\"ping\",\"id\":5")
                .send("{\"type\":\"nope\",\"id\":6}")
                .send("{\"type\":\"unsubscribe\",\"id\":7,\"channel\":\"chat:o\"}")
                .send("{\"type\":\"subscribe\",\"id\":8,\"channel\":\"bad name\"}")
                .send("{\"type\":\"refresh\",\"id\":9,\"token\":\"t\"}")
                .send("{\"type\":\"ping\",\"id\":10,\"ts\":123}");
        List<JsonNode> replies = c.fresh();
        assertThat(replies).extracting(SessionTestBase::type).containsExactly("pong", "subscribed", "ack",
                "unsubscribed", "error", "error", "error", "error", "error", "pong");
        assertThat(replies).extracting(n -> n.has("id") ? n.get("id").intValue() : -1)
                .containsExactly(1, 2, 3, 4, -1, 6, 7, 8, 9, 10);
        assertThat(replies).filteredOn(n -> type(n).equals("error")).extracting(n -> n.get("code").textValue())
                .containsExactly("invalid_json", "unknown_type", "not_subscribed", "invalid_channel", "forbidden");
        assertThat(replies.get(9).get("ts").intValue()).isEqualTo(123);
        assertThat(h.observer.in).containsExactly("ping", "subscribe", "publish", "unsubscribe", "invalid", "invalid",
                "unsubscribe", "subscribe", "refresh", "ping");
        assertThat(c.session.messagesIn()).isEqualTo(10);
    }

    @Test
    void inboundIsReadOneCommandAtATime() {
        SessionHarness h = harness(ROOMY);
        ClientSession s = new ClientSession(h.services, Principal.anonymous("a"), "127.0.0.1", false, Runnable::run);
        s.outbound().subscribe(reactor.test.subscriber.TestSubscriber.create());
        AtomicLong maxRequest = new AtomicLong();
        String[] pings = new String[500];
        java.util.Arrays.fill(pings, "{\"type\":\"ping\"}");
        Flux<InboundFrame> inbound = SessionHarness.frames(pings).doOnRequest(n -> maxRequest.accumulateAndGet(n, Math::max));
        StepVerifier.create(s.run(inbound)).expectComplete().verify(Duration.ofSeconds(10));
        // Bounded in-flight work: the transport is asked for one frame at a time, never "everything".
        assertThat(maxRequest.get()).isLessThanOrEqualTo(1);
        assertThat(s.messagesIn()).isEqualTo(500);
    }

    @Test
    void everyDecodeErrorKeepsTheSessionOpen() {
        SessionHarness h = harness(ROOMY + "  maxMessageBytes: 64\n");
        Conn c = h.open("alice").welcomed();
        c.send("").send("   ").send("[1]").send("{\"type\":\"ping\"").send("{\"id\":1}").send("{\"type\":\"x\"}")
                .send("{\"type\":\"subscribe\"}").send("{\"type\":\"ping\",\"id\":1.5}");
        assertThat(c.fresh()).extracting(n -> n.get("code").textValue()).containsExactly("invalid_message",
                "invalid_message", "invalid_message", "invalid_json", "invalid_message", "unknown_type",
                "invalid_message", "invalid_message");
        c.send("{\"type\":\"ping\",\"id\":\"alive\"}");
        assertThat(c.one().get("id").textValue()).isEqualTo("alive");
        assertThat(c.session.isClosing()).isFalse();
        assertThat(c.out.isTerminated()).isFalse();
    }

    // --- channels: unsubscribe, resubscribe, recovery, permissions ------------------------------------------

    @Test
    void unsubscribeAndNotSubscribed() {
        SessionHarness h = harness(ROOMY);
        Conn alice = h.open("alice").welcomed();
        Conn bob = h.open("bob").welcomed();
        alice.send("{\"type\":\"unsubscribe\",\"id\":\"u2\",\"channel\":\"chat:lobby\"}");
        assertThat(alice.one().toString()).isEqualTo("{\"type\":\"error\",\"id\":\"u2\",\"code\":\"not_subscribed\","
                + "\"message\":\"not subscribed to chat:lobby\"}");
        alice.send("{\"type\":\"subscribe\",\"channel\":\"chat:lobby\"}").one();
        bob.send("{\"type\":\"publish\",\"channel\":\"chat:lobby\",\"data\":1}").one();
        assertThat(type(alice.one())).isEqualTo("event");
        alice.send("{\"type\":\"unsubscribe\",\"id\":\"u1\",\"channel\":\"chat:lobby\"}");
        assertThat(alice.one().toString()).isEqualTo("{\"type\":\"unsubscribed\",\"id\":\"u1\",\"channel\":\"chat:lobby\"}");
        bob.send("{\"type\":\"publish\",\"channel\":\"chat:lobby\",\"data\":2}").one();
        assertThat(alice.fresh()).isEmpty();
        alice.send("{\"type\":\"unsubscribe\",\"channel\":\"chat:lobby\"}");
        assertError(alice.one(), ErrorCode.NOT_SUBSCRIBED);
        alice.send("{\"type\":\"unsubscribe\",\"channel\":\"chat:\"}");
        assertError(alice.one(), ErrorCode.INVALID_CHANNEL);
    }

    @Test
    void resubscribeReportsThePositionWithoutReplayOrDuplicates() {
        SessionHarness h = harness(ROOMY);
        Conn alice = h.open("alice").welcomed();
        Conn bob = h.open("bob").welcomed();
        String epoch = alice.send("{\"type\":\"subscribe\",\"channel\":\"chat:r\"}").one().get("epoch").textValue();
        for (int i = 1; i <= 3; i++) {
            bob.send("{\"type\":\"publish\",\"channel\":\"chat:r\",\"data\":" + i + "}");
        }
        assertThat(alice.fresh()).extracting(n -> n.get("seq").longValue()).containsExactly(1L, 2L, 3L);
        alice.send("{\"type\":\"subscribe\",\"id\":\"s4\",\"channel\":\"chat:r\",\"since\":{\"seq\":0,\"epoch\":\"" + epoch + "\"}}");
        assertThat(alice.one().toString()).isEqualTo("{\"type\":\"subscribed\",\"id\":\"s4\",\"channel\":\"chat:r\",\"seq\":3,"
                + "\"epoch\":\"" + epoch + "\"}");
        bob.send("{\"type\":\"publish\",\"channel\":\"chat:r\",\"data\":4}");
        assertThat(alice.fresh()).extracting(n -> n.get("seq").longValue()).containsExactly(4L);
        assertThat(h.broker.channels().block(Duration.ofSeconds(5)))
                .extracting(ChannelInfo::subscribers).containsExactly(1);
    }

    @Test
    void recoveryAcrossSessionsReplaysTheGapThenGoesLive() {
        SessionHarness h = harness(ROOMY);
        Conn bob = h.open("bob").welcomed();
        Conn first = h.open("alice").welcomed();
        String epoch = first.send("{\"type\":\"subscribe\",\"channel\":\"chat:rec\"}").one().get("epoch").textValue();
        bob.send("{\"type\":\"publish\",\"channel\":\"chat:rec\",\"data\":1}");
        assertThat(first.fresh()).hasSize(1);
        first.hangUp();
        assertThat(first.running.isTerminatedComplete()).isTrue();
        for (int i = 2; i <= 4; i++) {
            bob.send("{\"type\":\"publish\",\"channel\":\"chat:rec\",\"data\":" + i + "}");
        }
        Conn second = h.open("alice").welcomed();
        second.send("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"chat:rec\",\"since\":{\"seq\":1,\"epoch\":\"" + epoch + "\"}}");
        List<JsonNode> got = second.fresh();
        assertThat(got.get(0).toString()).isEqualTo("{\"type\":\"subscribed\",\"id\":1,\"channel\":\"chat:rec\",\"seq\":4,"
                + "\"epoch\":\"" + epoch + "\",\"recovered\":true}");
        assertThat(got.subList(1, got.size())).extracting(n -> n.get("data").intValue()).containsExactly(2, 3, 4);
        bob.send("{\"type\":\"publish\",\"channel\":\"chat:rec\",\"data\":5}");
        assertThat(second.fresh()).extracting(n -> n.get("seq").longValue()).containsExactly(5L);

        Conn stale = h.open("carol").welcomed();
        stale.send("{\"type\":\"subscribe\",\"channel\":\"chat:rec\",\"since\":{\"seq\":1,\"epoch\":\"old\"}}");
        JsonNode r = stale.one();
        assertThat(r.get("recovered").booleanValue()).isFalse();
        assertThat(r.get("seq").longValue()).isEqualTo(5);
    }

    @Test
    void inboxOwnerRule() {
        SessionHarness h = harness(ROOMY);
        Conn alice = h.open("alice").welcomed();
        Conn bob = h.open("bob").welcomed();
        alice.send("{\"type\":\"subscribe\",\"id\":\"x\",\"channel\":\"inbox:bob\"}");
        assertThat(alice.one().toString()).isEqualTo("{\"type\":\"error\",\"id\":\"x\",\"code\":\"forbidden\","
                + "\"message\":\"only client 'bob' may subscribe to inbox:bob\"}");
        alice.send("{\"type\":\"subscribe\",\"channel\":\"inbox:alice\"}");
        assertThat(type(alice.one())).isEqualTo("subscribed");
        bob.send("{\"type\":\"publish\",\"channel\":\"inbox:alice\",\"data\":\"psst\"}");
        assertThat(type(bob.one())).isEqualTo("ack");
        JsonNode dm = alice.one();
        assertThat(dm.get("data").textValue()).isEqualTo("psst");
        assertThat(dm.get("from").textValue()).isEqualTo("bob");
        // A forbidden subscribe leaves nothing behind: bob's inbox has no subscriber.
        bob.send("{\"type\":\"publish\",\"channel\":\"inbox:bob\",\"data\":1}").one();
        assertThat(alice.fresh()).isEmpty();
    }

    @Test
    void systemAndApiChannelsAreForbiddenToOrdinaryClients() {
        SessionHarness h = harness(ROOMY + "channels:\n  namespaces:\n    feed: { publish: api }\n");
        Conn c = h.open("alice").welcomed();
        c.send("{\"type\":\"subscribe\",\"channel\":\"$logs\"}");
        assertError(c.one(), ErrorCode.FORBIDDEN);
        c.send("{\"type\":\"publish\",\"channel\":\"$logs\",\"data\":1}");
        assertError(c.one(), ErrorCode.FORBIDDEN);
        c.send("{\"type\":\"publish\",\"channel\":\"feed:x\",\"data\":1}");
        assertError(c.one(), ErrorCode.FORBIDDEN);
        c.send("{\"type\":\"publish\",\"channel\":\"bad/name\",\"data\":1}");
        assertError(c.one(), ErrorCode.INVALID_CHANNEL);
        Conn admin = h.open(new Principal("root", true, null), false, Long.MAX_VALUE).welcomed();
        admin.send("{\"type\":\"subscribe\",\"channel\":\"$logs\"}");
        assertThat(type(admin.one())).isEqualTo("subscribed");
        assertThat(c.session.isClosing()).isFalse();
    }

    @Test
    void duplicateKeyIsAckedWithTheOriginalSeqAndNotDeliveredTwice() {
        SessionHarness h = harness(ROOMY);
        Conn alice = h.open("alice").welcomed();
        Conn bob = h.open("bob").welcomed();
        alice.send("{\"type\":\"subscribe\",\"channel\":\"jobs:r\"}").one();
        bob.send("{\"type\":\"publish\",\"id\":\"m8\",\"channel\":\"jobs:r\",\"key\":\"job-1\",\"data\":{\"pct\":60}}");
        bob.send("{\"type\":\"publish\",\"id\":\"m9\",\"channel\":\"jobs:r\",\"key\":\"job-1\",\"data\":{\"pct\":60}}");
        assertThat(bob.fresh()).extracting(n -> n.get("seq").longValue()).containsExactly(1L, 1L);
        assertThat(alice.fresh()).hasSize(1);
    }

    @Test
    void refreshInOpenModeIsForbiddenAndWithAVerifierUpdatesThePrincipal() {
        SessionHarness open = harness(ROOMY);
        Conn c = open.open("alice").welcomed();
        c.send("{\"type\":\"refresh\",\"id\":\"r2\",\"token\":\"eyJ\"}");
        assertThat(c.one().toString()).isEqualTo("{\"type\":\"error\",\"id\":\"r2\",\"code\":\"forbidden\",\"message\":"
                + "\"refresh refused: refresh needs auth: the gateway runs without client tokens\"}");

        TokenVerifier verifier = (who, token) -> {
            if (!token.equals("good")) {
                throw new IllegalArgumentException("bad signature");
            }
            return who.refreshed(true, Instant.ofEpochSecond(1763964600L));
        };
        SessionHarness auth = new SessionHarness(ROOMY, verifier, b -> b);
        harnesses.add(auth);
        Conn d = auth.open("alice").welcomed();
        d.send("{\"type\":\"refresh\",\"id\":\"r0\",\"token\":\"bad\"}");
        assertThat(d.one().get("message").textValue()).isEqualTo("refresh refused: bad signature");
        assertThat(d.session.principal().admin()).isFalse();
        d.send("{\"type\":\"refresh\",\"id\":\"r1\",\"token\":\"good\"}");
        assertThat(d.one().toString()).isEqualTo("{\"type\":\"refreshed\",\"id\":\"r1\",\"exp\":1763964600}");
        assertThat(d.session.principal()).isEqualTo(new Principal("alice", true, Instant.ofEpochSecond(1763964600L)));
    }
}
