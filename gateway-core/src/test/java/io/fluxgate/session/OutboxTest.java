package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

/** The outbox bounds (messages and bytes), backpressure, complete and terminate, one subscriber. */
class OutboxTest extends OutboxTestBase {
    // --- bounds ----------------------------------------------------------------------------------------

    @Test
    void boundByMessagesRefusesAndQueuesNothing() {
        Outbox o = direct(3, 1 << 20, false);
        assertThat(o.offer(env("a"), 64, 0)).isEqualTo(Outbox.Offer.OK);
        assertThat(o.offer(env("b"), 64, 0)).isEqualTo(Outbox.Offer.OK);
        assertThat(o.offer(env("c"), 64, 0)).isEqualTo(Outbox.Offer.OK);
        long bytes = o.queuedBytes();
        assertThat(o.offer(env("d"), 64, 0)).isEqualTo(Outbox.Offer.OVERFLOW);
        assertThat(o.queuedMessages()).isEqualTo(3);
        assertThat(o.queuedBytes()).isEqualTo(bytes).isEqualTo(3L * env("a").length);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        assertThat(shown(s)).containsExactly("a", "b", "c");
        assertThat(o.queuedMessages()).isZero();
        assertThat(o.queuedBytes()).isZero();
        assertThat(o.offer(env("e"), 64, 0)).isEqualTo(Outbox.Offer.OK);
        assertThat(shown(s)).containsExactly("a", "b", "c", "e");
    }

    @Test
    void boundByBytesRefusesAndQueuesNothing() {
        Outbox o = direct(100, 20, false);
        byte[] six = "123456".getBytes(StandardCharsets.US_ASCII);
        assertThat(o.offer(six, 64, 0)).isEqualTo(Outbox.Offer.OK);
        assertThat(o.offer(six, 64, 0)).isEqualTo(Outbox.Offer.OK);
        assertThat(o.offer(six, 64, 0)).isEqualTo(Outbox.Offer.OK);
        assertThat(o.offer("123".getBytes(StandardCharsets.US_ASCII), 64, 0)).isEqualTo(Outbox.Offer.OVERFLOW);
        assertThat(o.queuedBytes()).isEqualTo(18);
        assertThat(o.queuedMessages()).isEqualTo(3);
        assertThat(o.offer("12".getBytes(StandardCharsets.US_ASCII), 64, 0)).isEqualTo(Outbox.Offer.OK);
        assertThat(o.queuedBytes()).isEqualTo(20);
        assertThat(o.offer(new byte[1], 64, 0)).isEqualTo(Outbox.Offer.OVERFLOW);
    }

    @Test
    void oneEnvelopeLargerThanTheByteBoundIsRefused() {
        Outbox o = direct(100, 10, false);
        assertThat(o.offer(new byte[11], 64, 0)).isEqualTo(Outbox.Offer.OVERFLOW);
        assertThat(o.queuedMessages()).isZero();
        assertThat(o.queuedBytes()).isZero();
    }

    @Test
    void pingsDoNotCountAgainstTheBounds() {
        Outbox o = direct(8, 1 << 20, false);
        for (int i = 0; i < 8; i++) {
            assertThat(o.offer(env("e" + i), 64, 0)).isEqualTo(Outbox.Offer.OK);
        }
        assertThat(o.offerPing()).isEqualTo(Outbox.Offer.OK);
        assertThat(o.queuedMessages()).isEqualTo(8);
        assertThat(o.offer(env("x"), 64, 0)).isEqualTo(Outbox.Offer.OVERFLOW);
    }

    // --- backpressure and lifecycle -------------------------------------------------------------------------

    @Test
    void nothingIsEmittedBeyondDemand() {
        Outbox o = direct(100, 1 << 20, false);
        TestSubscriber<OutboundFrame> s = TestSubscriber.builder().initialRequest(0).build();
        o.subscribe(s);
        for (int i = 0; i < 5; i++) {
            o.offer(env("m" + i), 64, 0);
        }
        assertThat(s.getReceivedOnNext()).isEmpty();
        s.request(2);
        assertThat(shown(s)).containsExactly("m0", "m1");
        assertThat(o.queuedMessages()).isEqualTo(3);
        o.offer(env("m5"), 64, 0);
        assertThat(shown(s)).containsExactly("m0", "m1");
        s.request(10);
        assertThat(shown(s)).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
        o.offer(env("m6"), 64, 0);
        assertThat(s.getReceivedOnNext()).hasSize(7);
        assertThat(s.getProtocolErrors()).isEmpty();
    }

    @Test
    void oneRequestedFrameCarriesAWholeBatch() {
        Outbox o = direct(100, 1 << 20, true);
        TestSubscriber<OutboundFrame> s = TestSubscriber.builder().initialRequest(0).build();
        o.subscribe(s);
        for (int i = 0; i < 5; i++) {
            o.offer(env("m" + i), 3, 0);
        }
        s.request(1);
        assertThat(shown(s)).containsExactly("[m0,m1,m2]");
        s.request(1);
        assertThat(shown(s)).containsExactly("[m0,m1,m2]", "[m3,m4]");
        assertThat(s.getProtocolErrors()).isEmpty();
    }

    @Test
    void backpressureWithStepVerifier() {
        Outbox o = direct(100, 1 << 20, false);
        StepVerifier.create(o, 0)
                .then(() -> {
                    o.offer(env("a"), 64, 0);
                    o.offer(env("b"), 64, 0);
                    o.offer(env("c"), 64, 0);
                })
                .thenRequest(1)
                .assertNext(f -> assertThat(show(f)).isEqualTo("a"))
                .then(() -> assertThat(o.queuedMessages()).isEqualTo(2))
                .thenRequest(2)
                .assertNext(f -> assertThat(show(f)).isEqualTo("b"))
                .assertNext(f -> assertThat(show(f)).isEqualTo("c"))
                .then(o::complete)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void completeDrainsWhatIsQueuedThenCompletes() {
        Outbox o = direct(100, 1 << 20, false);
        TestSubscriber<OutboundFrame> s = TestSubscriber.builder().initialRequest(0).build();
        o.subscribe(s);
        o.offer(env("a"), 64, 0);
        o.offer(env("b"), 64, 5000);
        o.offerPing();
        o.complete();
        assertThat(o.offer(env("late"), 64, 0)).isEqualTo(Outbox.Offer.CLOSED);
        assertThat(o.offerPing()).isEqualTo(Outbox.Offer.CLOSED);
        assertThat(s.isTerminated()).isFalse();
        s.request(2);
        assertThat(shown(s)).containsExactly("a", "b");
        assertThat(s.isTerminated()).isFalse();
        s.request(1);
        assertThat(shown(s)).containsExactly("a", "b", "PING");
        assertThat(s.isTerminatedComplete()).isTrue();
    }

    @Test
    void completeWithNothingQueuedCompletesAtOnceAndBeforeSubscribeToo() {
        Outbox o = direct(100, 1 << 20, false);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.complete();
        assertThat(s.isTerminatedComplete()).isTrue();

        Outbox early = direct(100, 1 << 20, true);
        early.offer(env("a"), 64, 0);
        early.offer(env("b"), 64, 0);
        early.complete();
        TestSubscriber<OutboundFrame> t = TestSubscriber.create();
        early.subscribe(t);
        assertThat(shown(t)).containsExactly("[a,b]");
        assertThat(t.isTerminatedComplete()).isTrue();
    }

    @Test
    void terminateDropsWhatIsQueuedAndCompletes() {
        Outbox o = direct(100, 1 << 20, false);
        TestSubscriber<OutboundFrame> s = TestSubscriber.builder().initialRequest(0).build();
        o.subscribe(s);
        o.offer(env("a"), 64, 0);
        o.offer(env("b"), 64, 20);
        o.terminate();
        assertThat(s.getReceivedOnNext()).isEmpty();
        assertThat(s.isTerminatedComplete()).isTrue();
        assertThat(o.queuedMessages()).isZero();
        assertThat(o.queuedBytes()).isZero();
        assertThat(o.offer(env("c"), 64, 0)).isEqualTo(Outbox.Offer.CLOSED);
        s.request(10);
        clock.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(s.getReceivedOnNext()).isEmpty();
        assertThat(s.getProtocolErrors()).isEmpty();
    }

    @Test
    void terminateAfterCompleteStillStopsAtOnce() {
        Outbox o = direct(100, 1 << 20, false);
        TestSubscriber<OutboundFrame> s = TestSubscriber.builder().initialRequest(0).build();
        o.subscribe(s);
        o.offer(env("a"), 64, 0);
        o.complete();
        o.terminate();
        assertThat(s.getReceivedOnNext()).isEmpty();
        assertThat(s.isTerminatedComplete()).isTrue();
    }

    @Test
    void terminateBeforeSubscribeCompletesTheLateSubscriber() {
        Outbox o = direct(100, 1 << 20, false);
        o.offer(env("a"), 64, 0);
        o.terminate();
        StepVerifier.create(o).expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void onlyOneSubscriberIsAllowed() {
        Outbox o = direct(100, 1 << 20, false);
        o.subscribe(TestSubscriber.create());
        StepVerifier.create(o).expectError(IllegalStateException.class).verify(Duration.ofSeconds(10));
    }

    @Test
    void cancelStopsTheOutbox() {
        Outbox o = direct(100, 1 << 20, false);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("a"), 64, 0);
        s.cancel();
        assertThat(o.offer(env("b"), 64, 0)).isEqualTo(Outbox.Offer.CLOSED);
        assertThat(shown(s)).containsExactly("a");
        assertThat(s.getReceivedOnNextAfterCancellation()).isEmpty();
    }

    @Test
    void queuedBeforeSubscribeIsDeliveredOnSubscribe() {
        Outbox o = direct(100, 1 << 20, false);
        o.offer(env("a"), 64, 0);
        o.offerPing();
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        assertThat(shown(s)).containsExactly("a", "PING");
    }

    @Test
    void concurrentProducersAreSerializedInPerProducerOrder() throws Exception {
        int producers = 4;
        int each = 5000;
        Outbox o = new Outbox(producers * each, Long.MAX_VALUE, false, Runnable::run, clock);
        AtomicBoolean inside = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(producers * each);
        o.subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnNext(OutboundFrame f) {
                if (!inside.compareAndSet(false, true)) {
                    overlaps.incrementAndGet();
                }
                seen.add(new String(f.payload(), StandardCharsets.US_ASCII));
                inside.set(false);
                all.countDown();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        assertThat(o.offer((id + ":" + i).getBytes(StandardCharsets.US_ASCII), 64, 0))
                                .isEqualTo(Outbox.Offer.OK);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(all.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(seen).hasSize(producers * each);
        int[] next = new int[producers];
        for (String m : seen) {
            int p = Integer.parseInt(m.substring(0, m.indexOf(':')));
            assertThat(Integer.parseInt(m.substring(m.indexOf(':') + 1))).isEqualTo(next[p]++);
        }
        assertThat(o.queuedMessages()).isZero();
    }
}
