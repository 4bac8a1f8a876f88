package io.fluxgate.session;

import static io.fluxgate.session.SessionHarness.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.broker.ChannelInfo;
import io.fluxgate.channel.Principal;
import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.ErrorCode;
import io.fluxgate.session.SessionHarness.Conn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session pipeline under pressure: rate limits and strikes, size limits, slow consumers, batching. */
class SessionFlowControlTest extends SessionTestBase {
    // --- rate limits and strikes ----------------------------------------------------------------------------

    @Test
    void rateLimitedWithRetryAfterThenRecoveryAfterTheRefill() {
        SessionHarness h = harness("limits: { ratePerSecond: 10, burst: 3, strikes: 50 }\n");
        Conn c = h.open("alice").welcomed();
        for (int i = 0; i < 3; i++) {
            c.send("{\"type\":\"ping\",\"id\":" + i + "}");
        }
        assertThat(c.fresh()).extracting(SessionTestBase::type).containsExactly("pong", "pong", "pong");
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
        assertThat(got).extracting(SessionTestBase::type).containsExactly("pong", "error", "error", "error");
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
        assertThat(c.fresh()).extracting(SessionTestBase::type).containsExactly("pong", "error", "pong", "error",
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
        assertThat(slow.fresh()).extracting(SessionTestBase::type).containsExactly("welcome", "subscribed");
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
        assertThat(b.all()).extracting(SessionTestBase::type)
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
}
