package io.fluxgate.session;

import static io.fluxgate.session.SessionHarness.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.broker.Broker;
import io.fluxgate.broker.ChannelInfo;
import io.fluxgate.broker.EventSink;
import io.fluxgate.broker.HistoryPage;
import io.fluxgate.broker.Publication;
import io.fluxgate.broker.PublishResult;
import io.fluxgate.broker.SubscribeResult;
import io.fluxgate.channel.Principal;
import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.ErrorCode;
import io.fluxgate.protocol.StreamPosition;
import io.fluxgate.session.SessionHarness.Conn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The session pipeline without sockets: frames in, decoded frames out, on a virtual clock. */
class ClientSessionTest {
    static final String ROOMY = "limits:\n  ratePerSecond: 1000\n  burst: 1000\n";
    private final List<SessionHarness> harnesses = new ArrayList<>();

    SessionHarness harness(String yaml) {
        SessionHarness h = new SessionHarness(yaml);
        harnesses.add(h);
        return h;
    }

    @AfterEach
    void close() {
        harnesses.forEach(SessionHarness::close);
    }

    static String type(JsonNode n) {
        return n.get("type").textValue();
    }

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
        assertThat(alice.fresh()).extracting(ClientSessionTest::type).containsExactlyInAnyOrder("event", "ack");
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
        assertThat(replies).extracting(ClientSessionTest::type).containsExactly("pong", "subscribed", "ack",
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

    // --- rate limits and strikes ----------------------------------------------------------------------------

    @Test
    void rateLimitedWithRetryAfterThenRecoveryAfterTheRefill() {
        SessionHarness h = harness("limits: { ratePerSecond: 10, burst: 3, strikes: 50 }\n");
        Conn c = h.open("alice").welcomed();
        for (int i = 0; i < 3; i++) {
            c.send("{\"type\":\"ping\",\"id\":" + i + "}");
        }
        assertThat(c.fresh()).extracting(ClientSessionTest::type).containsExactly("pong", "pong", "pong");
        c.send("{\"type\":\"subscribe\",\"id\":\"m7\",\"channel\":\"chat:x\"}");
        assertThat(c.one().toString()).isEqualTo("{\"type\":\"error\",\"id\":\"m7\",\"code\":\"rate_limited\","
                + "\"message\":\"rate limit exceeded: 10/s, burst 3\",\"retryAfterMs\":100}");
        // The refused command was not run.
        assertThat(h.broker.channelCount()).isZero();
        h.clock.advanceTimeBy(Duration.ofMillis(60));
        c.send("{\"type\":\"ping\"}");
        assertThat(c.one().get("retryAfterMs").longValue()).isEqualTo(40);
        h.clock.advanceTimeBy(Duration.ofMillis(40));
        c.send("{\"type\":\"subscribe\",\"id\":\"m7\",\"channel\":\"chat:x\"}");
        assertThat(type(c.one())).isEqualTo("subscribed");
        assertThat(h.observer.rateLimited).hasValue(2);
        assertThat(h.observer.errors).containsExactly(ErrorCode.RATE_LIMITED, ErrorCode.RATE_LIMITED);
    }

    @Test
    void everyMessageIsChargedIncludingBadOnesAndPublishesCostTheirNamespacePrice() {
        SessionHarness h = harness("limits: { ratePerSecond: 1, burst: 4, maxMessageBytes: 64 }\n"
                + "channels:\n  namespaces:\n    heavy: { publishCost: 3 }\n    free: { publishCost: 0 }\n");
        Conn c = h.open("alice").welcomed();
        c.send("{\"type\":\"publish\",\"channel\":\"heavy:x\",\"data\":1}");
        assertThat(type(c.one())).isEqualTo("ack");
        c.send("{\"type\":\"publish\",\"channel\":\"heavy:x\",\"data\":1}");
        assertError(c.one(), ErrorCode.RATE_LIMITED);
        c.send("{oops");                           // invalid JSON still costs a token
        assertError(c.one(), ErrorCode.INVALID_JSON);
        c.send("{\"type\":\"ping\"}");
        assertError(c.one(), ErrorCode.RATE_LIMITED);
        c.send("{\"type\":\"publish\",\"channel\":\"free:x\",\"data\":1}");
        assertThat(type(c.one())).isEqualTo("ack");
        c.send("x".repeat(65));                    // too_large is charged as well
        assertError(c.one(), ErrorCode.RATE_LIMITED);
    }

    @Test
    void aClientsConnectionsShareOneBucket() {
        SessionHarness h = harness("limits: { ratePerSecond: 1, burst: 2 }\n");
        Conn one = h.open("alice").welcomed();
        Conn two = h.open("alice").welcomed();
        Conn other = h.open("bob").welcomed();
        one.send("{\"type\":\"ping\"}");
        two.send("{\"type\":\"ping\"}");
        assertThat(type(one.one())).isEqualTo("pong");
        assertThat(type(two.one())).isEqualTo("pong");
        one.send("{\"type\":\"ping\"}");
        two.send("{\"type\":\"ping\"}");
        assertError(one.one(), ErrorCode.RATE_LIMITED);
        assertError(two.one(), ErrorCode.RATE_LIMITED);
        other.send("{\"type\":\"ping\"}");
        assertThat(type(other.one())).isEqualTo("pong");
    }

    @Test
    void strikeOutClosesWith1008AfterTheRefusalsWereDelivered() {
        SessionHarness h = harness("limits: { ratePerSecond: 1, burst: 1, strikes: 2 }\n");
        Conn c = h.open("alice").welcomed();
        c.send("{\"type\":\"ping\",\"id\":0}");
        for (int i = 1; i <= 3; i++) {
            c.send("{\"type\":\"ping\",\"id\":" + i + "}");
        }
        List<JsonNode> got = c.fresh();
        assertThat(got).extracting(ClientSessionTest::type).containsExactly("pong", "error", "error", "error");
        assertThat(got.subList(1, 4)).extracting(n -> n.get("id").intValue()).containsExactly(1, 2, 3);
        assertThat(c.out.isTerminatedComplete()).isTrue();
        assertThat(c.session.closeCode()).isEqualTo(CloseCode.POLICY_VIOLATION);
        assertThat(c.session.isClosing()).isTrue();
        assertThat(h.registry.size()).isZero();
        assertThat(h.observer.closed).containsExactly(CloseCode.POLICY_VIOLATION);
        // A graceful close: nothing abrupt unless the peer does not read within the close budget.
        assertThat(c.abrupt).isEmpty();
        // Commands after the close started are ignored, without a reply.
        h.clock.advanceTimeBy(Duration.ofSeconds(2));
        c.send("{\"type\":\"ping\",\"id\":4}");
        assertThat(c.fresh()).isEmpty();
        h.clock.advanceTimeBy(ClientSession.CLOSE_BUDGET);
        assertThat(c.abrupt).containsExactly(CloseCode.POLICY_VIOLATION);
    }

    @Test
    void refusalsSpreadOverMoreThanTheWindowDoNotStrikeOut() {
        SessionHarness h = harness("limits: { ratePerSecond: 1, burst: 1, strikes: 2 }\n");
        Conn c = h.open("alice").welcomed();
        for (int i = 0; i < 6; i++) {
            c.send("{\"type\":\"ping\"}").send("{\"type\":\"ping\"}");   // one pong, one refusal
            h.clock.advanceTimeBy(Duration.ofSeconds(6));
        }
        assertThat(c.fresh()).extracting(ClientSessionTest::type).containsExactly("pong", "error", "pong", "error",
                "pong", "error", "pong", "error", "pong", "error", "pong", "error");
        assertThat(c.session.isClosing()).isFalse();
    }

    // --- sizes and slow consumers ---------------------------------------------------------------------------

    @Test
    void tooLargeKeepsTheSession() {
        SessionHarness h = harness(ROOMY + "  maxMessageBytes: 64\n");
        Conn c = h.open("alice").welcomed();
        c.send("{\"type\":\"ping\",\"id\":\"big\",\"ts\":\"" + "x".repeat(100) + "\"}");
        assertThat(c.one().toString()).isEqualTo("{\"type\":\"error\",\"code\":\"too_large\","
                + "\"message\":\"message of 134 bytes is over the limit of 64\"}");
        String exactly64 = "{\"type\":\"ping\",\"ts\":\"" + "x".repeat(64 - 23) + "\"}";
        assertThat(exactly64).hasSize(64);
        c.send(exactly64);
        assertThat(type(c.one())).isEqualTo("pong");
        assertThat(c.session.isClosing()).isFalse();
        assertThat(h.observer.in).containsExactly("too_large", "ping");
    }

    @Test
    void slowConsumerIsClosed4009WhileTheFastSubscriberGetsEverything() {
        SessionHarness h = harness(ROOMY + "  outboundBufferMessages: 8\n");
        Conn slow = h.open(Principal.anonymous("slow"), false, 2);
        Conn fast = h.open("fast").welcomed();
        Conn pub = h.open("pub").welcomed();
        slow.send("{\"type\":\"subscribe\",\"channel\":\"chat:s\"}");
        fast.send("{\"type\":\"subscribe\",\"channel\":\"chat:s\"}").one();
        assertThat(slow.fresh()).extracting(ClientSessionTest::type).containsExactly("welcome", "subscribed");
        for (int i = 1; i <= 20; i++) {
            pub.send("{\"type\":\"publish\",\"channel\":\"chat:s\",\"data\":" + i + "}");
        }
        assertThat(fast.fresh()).extracting(n -> n.get("data").intValue())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
        assertThat(slow.abrupt).containsExactly(CloseCode.SLOW_CONSUMER);
        assertThat(slow.session.closeCode()).isEqualTo(CloseCode.SLOW_CONSUMER);
        assertThat(slow.out.isTerminatedComplete()).isTrue();
        assertThat(h.observer.slow).hasValue(1);
        assertThat(h.registry.size()).isEqualTo(2);
        // Its queued envelopes were dropped, nothing more arrives even if it reads now.
        slow.out.request(100);
        assertThat(slow.fresh()).isEmpty();
        assertThat(slow.session.queuedMessages()).isZero();
        // And it no longer holds a subscription in the broker.
        assertThat(h.broker.channels().block(Duration.ofSeconds(5))).extracting(ChannelInfo::subscribers).containsExactly(1);
    }

    @Test
    void aReaderThatKeepsUpIsNeverASlowConsumer() {
        SessionHarness h = harness(ROOMY + "  outboundBufferMessages: 8\n");
        Conn reader = h.open("reader").welcomed();
        Conn pub = h.open("pub").welcomed();
        reader.send("{\"type\":\"subscribe\",\"channel\":\"chat:s\"}").one();
        for (int i = 1; i <= 500; i++) {
            pub.send("{\"type\":\"publish\",\"channel\":\"chat:s\",\"data\":" + i + "}");
        }
        assertThat(reader.fresh()).hasSize(500);
        assertThat(reader.session.isClosing()).isFalse();
    }

    @Test
    void batchingClientGetsArraysForWhatPiledUp() {
        SessionHarness h = harness(ROOMY);
        Conn b = h.open(Principal.anonymous("b"), true, 0);
        Conn pub = h.open("pub").welcomed();
        b.send("{\"type\":\"subscribe\",\"channel\":\"chat:b\"}");
        for (int i = 1; i <= 5; i++) {
            pub.send("{\"type\":\"publish\",\"channel\":\"chat:b\",\"data\":" + i + "}");
        }
        assertThat(b.session.queuedMessages()).isEqualTo(7);
        b.out.request(1);
        assertThat(b.out.getReceivedOnNext()).hasSize(1);
        assertThat(b.out.getReceivedOnNext().get(0).envelopes()).isEqualTo(7);
        assertThat(b.session.messagesOut()).isEqualTo(7);
        assertThat(b.session.queuedMessages()).isZero();
        assertThat(b.all()).extracting(ClientSessionTest::type)
                .containsExactly("welcome", "subscribed", "event", "event", "event", "event", "event");
        b.out.request(10);
        pub.send("{\"type\":\"publish\",\"channel\":\"chat:b\",\"data\":6}");
        assertThat(b.out.getReceivedOnNext()).hasSize(2);
        assertThat(b.out.getReceivedOnNext().get(1).envelopes()).isEqualTo(1);
        assertThat(SessionHarness.parse(b.out.getReceivedOnNext().get(1).payload()).isObject()).isTrue();
    }

    @Test
    void namespaceDelayCoalescesEventsOnVirtualTime() {
        SessionHarness h = harness(ROOMY + "channels:\n  namespaces:\n    tokens: { batchMaxDelay: 20ms }\n");
        Conn b = h.open(Principal.anonymous("b"), true, Long.MAX_VALUE).welcomed();
        Conn pub = h.open("pub").welcomed();
        b.send("{\"type\":\"subscribe\",\"channel\":\"tokens:c1\"}").one();
        pub.send("{\"type\":\"publish\",\"channel\":\"tokens:c1\",\"data\":\"Hel\"}");
        h.clock.advanceTimeBy(Duration.ofMillis(5));
        pub.send("{\"type\":\"publish\",\"channel\":\"tokens:c1\",\"data\":\"lo\"}");
        h.clock.advanceTimeBy(Duration.ofMillis(14));
        assertThat(b.fresh()).isEmpty();
        h.clock.advanceTimeBy(Duration.ofMillis(1));
        int frames = b.out.getReceivedOnNext().size();
        assertThat(b.out.getReceivedOnNext().get(frames - 1).envelopes()).isEqualTo(2);
        assertThat(b.fresh()).extracting(n -> n.get("data").textValue()).containsExactly("Hel", "lo");
    }

    // --- heartbeat --------------------------------------------------------------------------------------------

    @Test
    void heartbeatPingsAfterTheIntervalAndClosesAfterTheTimeoutWithoutInbound() {
        SessionHarness h = harness(ROOMY + "heartbeat: { interval: 1s, timeout: 500ms }\n");
        try (HeartbeatMonitor monitor = new HeartbeatMonitor(h.config.heartbeat(), h.registry, h.clock)) {
            Conn c = h.open("alice").welcomed();
            h.clock.advanceTimeBy(Duration.ofMillis(999));
            assertThat(c.pings()).isZero();
            h.clock.advanceTimeBy(Duration.ofMillis(1));
            assertThat(c.pings()).isEqualTo(1);
            h.clock.advanceTimeBy(Duration.ofMillis(499));
            assertThat(c.abrupt).isEmpty();
            h.clock.advanceTimeBy(Duration.ofMillis(1));
            assertThat(c.abrupt).containsExactly(CloseCode.HEARTBEAT_TIMEOUT);
            assertThat(c.session.closeCode()).isEqualTo(CloseCode.HEARTBEAT_TIMEOUT);
            assertThat(c.out.isTerminatedComplete()).isTrue();
            assertThat(h.registry.size()).isZero();
        }
    }

    @Test
    void aPongKeepsTheSessionAliveAndTheNextPingFollowsTheInterval() {
        SessionHarness h = harness(ROOMY + "heartbeat: { interval: 1s, timeout: 500ms }\n");
        try (HeartbeatMonitor monitor = new HeartbeatMonitor(h.config.heartbeat(), h.registry, h.clock)) {
            Conn c = h.open("alice").welcomed();
            h.clock.advanceTimeBy(Duration.ofMillis(1000));
            for (int round = 1; round <= 5; round++) {
                assertThat(c.pings()).isEqualTo(round);
                h.clock.advanceTimeBy(Duration.ofMillis(450));
                c.session.touch();     // the transport saw the pong, 450 ms after the ping
                h.clock.advanceTimeBy(Duration.ofMillis(550));
            }
            assertThat(c.pings()).isEqualTo(6);
            assertThat(c.abrupt).isEmpty();
            assertThat(c.session.isClosing()).isFalse();
        }
    }

    @Test
    void anyInboundFrameCountsAsASignOfLife() {
        SessionHarness h = harness(ROOMY + "heartbeat: { interval: 1s, timeout: 500ms }\n");
        try (HeartbeatMonitor monitor = new HeartbeatMonitor(h.config.heartbeat(), h.registry, h.clock)) {
            Conn c = h.open("alice").welcomed();
            Conn quiet = h.open("quiet").welcomed();
            h.clock.advanceTimeBy(Duration.ofMillis(1200));
            c.send("{\"type\":\"ping\"}");        // a command, not a pong
            c.send("garbage");                    // even a bad one
            h.clock.advanceTimeBy(Duration.ofMillis(400));
            assertThat(c.abrupt).isEmpty();
            assertThat(quiet.abrupt).containsExactly(CloseCode.HEARTBEAT_TIMEOUT);
            assertThat(c.pings()).isEqualTo(1);
            h.clock.advanceTimeBy(Duration.ofMillis(400));   // t=2000: second ping
            assertThat(c.pings()).isEqualTo(2);
            h.clock.advanceTimeBy(Duration.ofMillis(500));
            assertThat(c.abrupt).containsExactly(CloseCode.HEARTBEAT_TIMEOUT);
        }
    }

    @Test
    void defaultHeartbeatSeenThroughAStepVerifier() {
        SessionHarness h = harness(ROOMY);
        try (HeartbeatMonitor monitor = new HeartbeatMonitor(h.config.heartbeat(), h.registry, h.clock)) {
            ClientSession s = new ClientSession(h.services, Principal.anonymous("a"), "127.0.0.1", false, Runnable::run);
            Sinks.Many<InboundFrame> in = Sinks.many().unicast().onBackpressureBuffer();
            StepVerifier.create(s.outbound())
                    .then(() -> s.run(in.asFlux()).subscribe())
                    .assertNext(f -> assertThat(type(SessionHarness.parse(f.payload()))).isEqualTo("welcome"))
                    .then(() -> h.clock.advanceTimeBy(Duration.ofSeconds(25)))
                    .assertNext(f -> assertThat(f.ping()).isTrue())
                    .then(() -> h.clock.advanceTimeBy(Duration.ofSeconds(10)))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
            assertThat(s.closeCode()).isEqualTo(CloseCode.HEARTBEAT_TIMEOUT);
        }
    }

    @Test
    void heartbeatTickIsATenthOfTheShorterPeriodBetween10msAnd1s() {
        assertThat(HeartbeatMonitor.tickMillis(25_000, 10_000)).isEqualTo(1000);
        assertThat(HeartbeatMonitor.tickMillis(5_000, 2_000)).isEqualTo(200);
        assertThat(HeartbeatMonitor.tickMillis(1_000, 500)).isEqualTo(50);
        assertThat(HeartbeatMonitor.tickMillis(50, 20)).isEqualTo(10);
    }

    @Test
    void closedMonitorStopsPinging() {
        SessionHarness h = harness(ROOMY + "heartbeat: { interval: 1s, timeout: 500ms }\n");
        HeartbeatMonitor monitor = new HeartbeatMonitor(h.config.heartbeat(), h.registry, h.clock);
        Conn c = h.open("alice").welcomed();
        monitor.close();
        h.clock.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(c.pings()).isZero();
        assertThat(c.abrupt).isEmpty();
    }

    // --- closing --------------------------------------------------------------------------------------------

    @Test
    void clientHangUpEndsTheSessionAndItsSubscriptions() {
        SessionHarness h = harness(ROOMY);
        Conn c = h.open("alice").welcomed();
        c.send("{\"type\":\"subscribe\",\"channel\":\"chat:a\"}").send("{\"type\":\"subscribe\",\"channel\":\"chat:b\"}");
        assertThat(h.broker.channels().block(Duration.ofSeconds(5))).extracting(ChannelInfo::subscribers).containsOnly(1);
        c.hangUp();
        assertThat(c.running.isTerminatedComplete()).isTrue();
        assertThat(c.out.isTerminatedComplete()).isTrue();
        assertThat(c.session.closeCode()).isNull();
        assertThat(h.registry.size()).isZero();
        assertThat(h.observer.closed).containsExactly(CloseCode.NORMAL);
        assertThat(h.broker.channels().block(Duration.ofSeconds(5))).extracting(ChannelInfo::subscribers).containsOnly(0);
    }

    @Test
    void drainDeliversWhatIsQueuedThenCloses1001() {
        SessionHarness h = harness(ROOMY);
        Conn c = h.open(Principal.anonymous("alice"), false, 0);
        Conn pub = h.open("pub").welcomed();
        c.send("{\"type\":\"subscribe\",\"channel\":\"chat:d\"}");
        pub.send("{\"type\":\"publish\",\"channel\":\"chat:d\",\"data\":1}");
        pub.send("{\"type\":\"publish\",\"channel\":\"chat:d\",\"data\":2}");
        h.registry.drainAll(CloseCode.GOING_AWAY);
        pub.send("{\"type\":\"publish\",\"channel\":\"chat:d\",\"data\":3}");
        assertThat(c.out.isTerminated()).isFalse();
        c.out.request(100);
        assertThat(c.fresh()).extracting(ClientSessionTest::type).containsExactly("welcome", "subscribed", "event", "event");
        assertThat(c.out.isTerminatedComplete()).isTrue();
        assertThat(c.session.closeCode()).isEqualTo(CloseCode.GOING_AWAY);
        assertThat(c.abrupt).isEmpty();
    }

    @Test
    void drainOfAPeerThatDoesNotReadIsForcedAfterTheDrainTimeout() {
        SessionHarness h = harness(ROOMY + "server: { drainTimeout: 3s }\n");
        Conn c = h.open(Principal.anonymous("alice"), false, 0);
        h.registry.drainAll(CloseCode.GOING_AWAY);
        h.clock.advanceTimeBy(Duration.ofMillis(2999));
        assertThat(c.abrupt).isEmpty();
        h.clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(c.abrupt).containsExactly(CloseCode.GOING_AWAY);
    }

    @Test
    void disconnectClosesEveryConnectionOfTheClientAtOnce() {
        SessionHarness h = harness(ROOMY);
        Conn a1 = h.open("alice").welcomed();
        Conn a2 = h.open("alice").welcomed();
        Conn b = h.open("bob").welcomed();
        assertThat(h.registry.disconnect("alice", CloseCode.DISCONNECTED)).isEqualTo(2);
        assertThat(a1.abrupt).containsExactly(CloseCode.DISCONNECTED);
        assertThat(a2.abrupt).containsExactly(CloseCode.DISCONNECTED);
        assertThat(b.abrupt).isEmpty();
        assertThat(h.registry.all()).extracting(ClientSession::principal).extracting(Principal::clientId)
                .containsExactly("bob");
    }

    @Test
    void closeIsDecidedOnce() {
        SessionHarness h = harness(ROOMY);
        Conn c = h.open("alice").welcomed();
        c.session.close(CloseCode.SLOW_CONSUMER, false);
        c.session.close(CloseCode.GOING_AWAY, true);
        c.session.close(CloseCode.INTERNAL_ERROR, false);
        assertThat(c.session.closeCode()).isEqualTo(CloseCode.SLOW_CONSUMER);
        assertThat(c.abrupt).containsExactly(CloseCode.SLOW_CONSUMER);
        assertThat(h.observer.closed).containsExactly(CloseCode.SLOW_CONSUMER);
    }

    @Test
    void aFailingBrokerClosesTheSessionWith1011() {
        SessionHarness h = new SessionHarness(ROOMY, TokenVerifier.NONE, FailingPublish::new);
        harnesses.add(h);
        Conn c = h.open("alice").welcomed();
        c.send("{\"type\":\"publish\",\"channel\":\"chat:x\",\"data\":1}");
        assertThat(c.abrupt).containsExactly(CloseCode.INTERNAL_ERROR);
        assertThat(c.fresh()).isEmpty();
    }

    /** A broker whose publish fails; everything else is delegated. */
    record FailingPublish(Broker delegate) implements Broker {
        @Override
        public Mono<PublishResult> publish(Publication publication) {
            return Mono.error(new IllegalStateException("broker down"));
        }

        @Override
        public Mono<SubscribeResult> subscribe(String channel, StreamPosition since, EventSink sink) {
            return delegate.subscribe(channel, since, sink);
        }

        @Override
        public Mono<Void> unsubscribe(String channel, EventSink sink) {
            return delegate.unsubscribe(channel, sink);
        }

        @Override
        public Mono<StreamPosition> position(String channel) {
            return delegate.position(channel);
        }

        @Override
        public Mono<HistoryPage> history(String channel, long sinceSeq, int limit) {
            return delegate.history(channel, sinceSeq, limit);
        }

        @Override
        public Mono<List<ChannelInfo>> channels() {
            return delegate.channels();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
