package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;

/** Order and batching: opportunistic flushes, JSON arrays, batchMaxSize, pings, the batchMaxDelay window. */
class OutboxBatchingTest extends OutboxTestBase {
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
}
