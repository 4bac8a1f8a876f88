package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.broker.Broker;
import io.fluxgate.broker.ChannelInfo;
import io.fluxgate.broker.EventSink;
import io.fluxgate.broker.HistoryPage;
import io.fluxgate.broker.Publication;
import io.fluxgate.broker.PublishResult;
import io.fluxgate.broker.SubscribeResult;
import io.fluxgate.channel.Principal;
import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.StreamPosition;
import io.fluxgate.session.SessionHarness.Conn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The session pipeline over time: heartbeats on virtual time, and every way a session closes. */
class SessionLifecycleTest extends SessionTestBase {
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
        assertThat(c.fresh()).extracting(SessionTestBase::type).containsExactly("welcome", "subscribed", "event", "event");
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
