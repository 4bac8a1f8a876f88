package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.broker.ChannelEvent;
import io.fluxgate.broker.SubscribeResult;
import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.EnvelopeCodec;
import io.fluxgate.protocol.MessageId;
import io.fluxgate.session.SessionHarness.Conn;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Live events racing the subscribe reply and its replay: held back, released after them, never twice. */
class ChannelSubscriptionTest {
    private final SessionHarness h = new SessionHarness("limits:\n  outboundBufferMessages: 8\n");
    private final Conn conn = h.open("alice").welcomed();

    @AfterEach
    void close() {
        h.close();
    }

    static ChannelEvent event(long seq) {
        byte[] wire = EnvelopeCodec.get().encodeEvent("chat:x", seq, "e", null,
                EnvelopeCodec.get().valueToTree(java.util.Map.of("n", seq)), "bob", 0);
        return new ChannelEvent("chat:x", seq, "e", 0, wire);
    }

    private ChannelSubscription sub() {
        return new ChannelSubscription("chat:x", h.policy.settings("chat:x"), conn.session);
    }

    private List<String> received() {
        return conn.fresh().stream()
                .map(n -> n.get("type").textValue() + (n.has("seq") ? ":" + n.get("seq").longValue() : ""))
                .toList();
    }

    @Test
    void eventsBeforeActivationAreHeldAndReleasedAfterTheReplayWithoutDuplicates() {
        ChannelSubscription s = sub();
        s.onEvent(event(5));      // already part of the replay
        s.onEvent(event(6));
        assertThat(received()).isEmpty();
        s.activate(new MessageId("s", false), new SubscribeResult(5, "e", true, List.of(event(4), event(5))));
        assertThat(received()).containsExactly("subscribed:5", "event:4", "event:5", "event:6");
        s.onEvent(event(6));      // a late duplicate
        s.onEvent(event(7));
        assertThat(received()).containsExactly("event:7");
    }

    @Test
    void liveEventsAtOrBelowTheSubscribedSeqAreDropped() {
        ChannelSubscription s = sub();
        s.activate(null, new SubscribeResult(10, "e", null, List.of()));
        s.onEvent(event(9));
        s.onEvent(event(10));
        s.onEvent(event(11));
        assertThat(received()).containsExactly("subscribed:10", "event:11");
    }

    @Test
    void aClosedSubscriptionDeliversNothing() {
        ChannelSubscription s = sub();
        s.onEvent(event(1));
        s.close();
        s.activate(null, new SubscribeResult(0, "e", null, List.of()));
        s.onEvent(event(2));
        assertThat(received()).isEmpty();
    }

    @Test
    void tooManyHeldEventsMakeTheSessionASlowConsumer() {
        ChannelSubscription s = sub();
        for (long seq = 1; seq <= 9; seq++) {
            s.onEvent(event(seq));
        }
        assertThat(conn.abrupt).containsExactly(CloseCode.SLOW_CONSUMER);
        s.activate(null, new SubscribeResult(0, "e", null, List.of()));
        assertThat(received()).isEmpty();
    }
}
