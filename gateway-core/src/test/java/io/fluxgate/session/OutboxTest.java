package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.protocol.EnvelopeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;

class OutboxTest {
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    @AfterEach
    void stop() {
        clock.dispose();
    }

    static byte[] env(String name) {
        return ("{\"n\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** What a frame carries: "a" for one envelope, "[a,b]" for an array, "PING" for a ping. */
    static String show(OutboundFrame f) {
        if (f.ping()) {
            assertThat(f.envelopes()).isZero();
            assertThat(f.payload()).isEmpty();
            return "PING";
        }
        try {
            JsonNode n = EnvelopeCodec.get().readTree(f.payload());
            if (n.isArray()) {
                assertThat(n.size()).isEqualTo(f.envelopes()).isGreaterThanOrEqualTo(2);
                List<String> names = new ArrayList<>();
                n.forEach(e -> names.add(e.get("n").textValue()));
                return "[" + String.join(",", names) + "]";
            }
            assertThat(f.envelopes()).isEqualTo(1);
            return n.get("n").textValue();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(f.payload(), StandardCharsets.UTF_8), e);
        }
    }

    static List<String> shown(TestSubscriber<OutboundFrame> s) {
        return s.getReceivedOnNext().stream().map(OutboxTest::show).toList();
    }

    Outbox direct(int maxMessages, long maxBytes, boolean arrays) {
        return new Outbox(maxMessages, maxBytes, arrays, Runnable::run, clock);
    }

    /** An executor that runs nothing until told to: what the event loop has not got to yet. */
    static final class ManualExecutor implements java.util.concurrent.Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        int executed;

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                executed++;
                r.run();
            }
        }
    }

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

    // --- order and batching ------------------------------------------------------------------------------

    @Test
    void framesLeaveInOfferOrderAndALoneMessageLeavesAtOnce() {
        Outbox o = direct(10_000, 1 << 24, false);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("first"), 64, 0);
        assertThat(shown(s)).containsExactly("first");
        List<String> expected = new ArrayList<>(List.of("first"));
        for (int i = 0; i < 1000; i++) {
            o.offer(env("m" + i), 64, 0);
            expected.add("m" + i);
        }
        assertThat(shown(s)).isEqualTo(expected);
    }

    @Test
    void whatIsQueuedLeavesTogetherInOneArrayForBatchingClients() {
        ManualExecutor loop = new ManualExecutor();
        Outbox o = new Outbox(100, 1 << 20, true, loop, clock);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        loop.runAll();
        for (String n : List.of("a", "b", "c", "d", "e")) {
            o.offer(env(n), 64, 0);
        }
        assertThat(s.getReceivedOnNext()).isEmpty();
        assertThat(loop.tasks).hasSize(1);
        loop.runAll();
        assertThat(shown(s)).containsExactly("[a,b,c,d,e]");
        assertThat(s.getReceivedOnNext().get(0).envelopes()).isEqualTo(5);
        assertThat(new String(s.getReceivedOnNext().get(0).payload(), StandardCharsets.UTF_8))
                .isEqualTo("[{\"n\":\"a\"},{\"n\":\"b\"},{\"n\":\"c\"},{\"n\":\"d\"},{\"n\":\"e\"}]");
        // A lone message afterwards is a plain object, never a one-element array.
        o.offer(env("f"), 64, 0);
        loop.runAll();
        assertThat(shown(s)).containsExactly("[a,b,c,d,e]", "f");
        assertThat(new String(s.getReceivedOnNext().get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":\"f\"}");
    }

    @Test
    void withoutArraysWhatIsQueuedLeavesInOneFlushAsSingleFrames() {
        ManualExecutor loop = new ManualExecutor();
        Outbox o = new Outbox(100, 1 << 20, false, loop, clock);
        List<String> seen = new ArrayList<>();
        AtomicInteger flushes = new AtomicInteger();
        o.subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnNext(OutboundFrame f) {
                seen.add(show(f));
            }
        });
        loop.runAll();
        for (String n : List.of("a", "b", "c")) {
            o.offer(env(n), 64, 0);
        }
        int before = loop.executed;
        loop.runAll();
        flushes.set(loop.executed - before);
        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(flushes).hasValue(1);
    }

    @Test
    void arraysRespectTheSmallestBatchMaxSizeAmongTheirEnvelopes() {
        ManualExecutor loop = new ManualExecutor();
        Outbox o = new Outbox(100, 1 << 20, true, loop, clock);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        for (int i = 0; i < 10; i++) {
            o.offer(env("x" + i), 4, 0);
        }
        loop.runAll();
        assertThat(shown(s)).containsExactly("[x0,x1,x2,x3]", "[x4,x5,x6,x7]", "[x8,x9]");

        TestSubscriber<OutboundFrame> t = TestSubscriber.create();
        Outbox mixed = new Outbox(100, 1 << 20, true, loop, clock);
        mixed.subscribe(t);
        mixed.offer(env("a"), 64, 0);
        mixed.offer(env("b"), 64, 0);
        mixed.offer(env("c"), 2, 0);
        mixed.offer(env("d"), 2, 0);
        mixed.offer(env("e"), 2, 0);
        mixed.offer(env("f"), 64, 0);
        loop.runAll();
        assertThat(shown(t)).containsExactly("[a,b]", "[c,d]", "[e,f]");
        for (OutboundFrame f : t.getReceivedOnNext()) {
            assertThat(f.envelopes()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void batchMaxSizeOfOneNeverMakesArrays() {
        ManualExecutor loop = new ManualExecutor();
        Outbox o = new Outbox(100, 1 << 20, true, loop, clock);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("a"), 1, 0);
        o.offer(env("b"), 1, 0);
        loop.runAll();
        assertThat(shown(s)).containsExactly("a", "b");
    }

    @Test
    void pingsAreNeverInsideArrays() {
        ManualExecutor loop = new ManualExecutor();
        Outbox o = new Outbox(100, 1 << 20, true, loop, clock);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("a"), 64, 0);
        o.offer(env("b"), 64, 0);
        o.offerPing();
        o.offer(env("c"), 64, 0);
        o.offerPing();
        o.offerPing();
        o.offer(env("d"), 64, 0);
        o.offer(env("e"), 64, 0);
        loop.runAll();
        assertThat(shown(s)).containsExactly("[a,b]", "PING", "c", "PING", "PING", "[d,e]");
    }

    // --- deliberate coalescing window (batchMaxDelay) -----------------------------------------------------

    @Test
    void delayedEnvelopeWaitsAtMostItsDelay() {
        Outbox o = direct(100, 1 << 20, true);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("a"), 64, 20);
        clock.advanceTimeBy(Duration.ofMillis(19));
        assertThat(s.getReceivedOnNext()).isEmpty();
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(shown(s)).containsExactly("a");
    }

    @Test
    void delayedEnvelopesWaitForCompanyButNeverBeyondTheFirstDeadline() {
        Outbox o = direct(100, 1 << 20, true);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("a"), 64, 20);
        clock.advanceTimeBy(Duration.ofMillis(10));
        o.offer(env("b"), 64, 20);
        clock.advanceTimeBy(Duration.ofMillis(9));
        assertThat(s.getReceivedOnNext()).isEmpty();
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(shown(s)).containsExactly("[a,b]");
        o.offer(env("c"), 64, 20);
        clock.advanceTimeBy(Duration.ofMillis(19));
        assertThat(shown(s)).containsExactly("[a,b]");
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(shown(s)).containsExactly("[a,b]", "c");
    }

    @Test
    void aShorterDelayArrivingLaterBringsTheFlushForward() {
        Outbox o = direct(100, 1 << 20, true);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("slow"), 64, 50);
        clock.advanceTimeBy(Duration.ofMillis(5));
        o.offer(env("fast"), 64, 10);
        clock.advanceTimeBy(Duration.ofMillis(9));
        assertThat(s.getReceivedOnNext()).isEmpty();
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(shown(s)).containsExactly("[slow,fast]");
    }

    @Test
    void aFullBatchLeavesBeforeTheDeadline() {
        Outbox o = direct(100, 1 << 20, true);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("a"), 3, 1000);
        o.offer(env("b"), 3, 1000);
        assertThat(s.getReceivedOnNext()).isEmpty();
        o.offer(env("c"), 3, 1000);
        assertThat(shown(s)).containsExactly("[a,b,c]");
    }

    @Test
    void anUndelayedEnvelopeTakesTheWaitingOnesAlongInOrder() {
        Outbox o = direct(100, 1 << 20, true);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("t1"), 64, 20);
        o.offer(env("t2"), 64, 20);
        o.offer(env("ack"), 64, 0);
        assertThat(shown(s)).containsExactly("[t1,t2,ack]");
    }

    @Test
    void aStaleTimerDoesNotDelayALaterWindow() {
        Outbox o = direct(100, 1 << 20, false);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("a"), 64, 20);          // timer for t=20
        clock.advanceTimeBy(Duration.ofMillis(5));
        o.offer(env("r"), 64, 0);           // flushes a and r at t=5; the t=20 timer is now stale
        assertThat(shown(s)).containsExactly("a", "r");
        clock.advanceTimeBy(Duration.ofMillis(5));
        o.offer(env("b"), 64, 20);          // t=10, deadline t=30
        clock.advanceTimeBy(Duration.ofMillis(10));
        assertThat(shown(s)).containsExactly("a", "r");
        clock.advanceTimeBy(Duration.ofMillis(9));
        assertThat(shown(s)).containsExactly("a", "r");
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(shown(s)).containsExactly("a", "r", "b");
    }

    @Test
    void theWindowAppliesToSingleFrameClientsToo() {
        Outbox o = direct(100, 1 << 20, false);
        TestSubscriber<OutboundFrame> s = TestSubscriber.create();
        o.subscribe(s);
        o.offer(env("a"), 64, 20);
        o.offer(env("b"), 64, 20);
        clock.advanceTimeBy(Duration.ofMillis(19));
        assertThat(s.getReceivedOnNext()).isEmpty();
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(shown(s)).containsExactly("a", "b");
    }

    @Test
    void batchingWindowWithStepVerifierOnVirtualTime() {
        StepVerifier.withVirtualTime(() -> {
            VirtualTimeScheduler vts = VirtualTimeScheduler.get();
            Outbox o = new Outbox(100, 1 << 20, true, Runnable::run, vts);
            o.offer(env("a"), 64, 20);
            o.offer(env("b"), 64, 20);
            vts.schedule(o::complete, 100, TimeUnit.MILLISECONDS);
            return o;
        })
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .assertNext(f -> assertThat(show(f)).isEqualTo("[a,b]"))
                .expectNoEvent(Duration.ofMillis(80))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
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
