package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;

/**
 * Random offers, delays, batch sizes, pings and demand on virtual time, checked against the outbox's promises:
 * order, exactly once, arrays within bounds and never holding a ping, no envelope held past its delay while the
 * writer has demand, nothing beyond demand.
 */
class OutboxRandomizedTest extends OutboxTestBase {

    @Test
    void promisesHoldUnderRandomTrafficWithUnboundedDemand() {
        for (long seed = 1; seed <= 150; seed++) {
            run(seed, true);
        }
    }

    @Test
    void promisesHoldUnderRandomTrafficWithRandomDemand() {
        for (long seed = 1; seed <= 150; seed++) {
            run(seed, false);
        }
    }

    private void run(long seed, boolean unbounded) {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        try {
            run(seed, unbounded, clock);
        } finally {
            clock.dispose();
        }
    }

    private void run(long seed, boolean unbounded, VirtualTimeScheduler clock) {
        Random rnd = new Random(seed);
        boolean arrays = rnd.nextBoolean();
        Outbox o = new Outbox(100_000, Long.MAX_VALUE, arrays, Runnable::run, clock);
        TestSubscriber<OutboundFrame> s = unbounded ? TestSubscriber.create()
                : TestSubscriber.builder().initialRequest(0).build();
        o.subscribe(s);
        Map<Integer, Integer> batchOf = new HashMap<>();
        Map<Integer, Long> dueAt = new HashMap<>();
        long requested = 0;
        int next = 0;
        Seen seen = new Seen();
        for (int step = 0; step < 300; step++) {
            int op = rnd.nextInt(10);
            if (op < 6) {
                int batch = 1 + rnd.nextInt(6);
                long delay = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(30);
                batchOf.put(next, batch);
                dueAt.put(next, clock.now(TimeUnit.MILLISECONDS) + delay);
                assertThat(o.offer(("{\"n\":" + next + "}").getBytes(StandardCharsets.UTF_8), batch, delay))
                        .isEqualTo(Outbox.Offer.OK);
                next++;
            } else if (op == 6) {
                o.offerPing();
            } else if (op == 7 && !unbounded) {
                int n = rnd.nextInt(4);
                requested += n;
                s.request(n);
            } else {
                clock.advanceTimeBy(Duration.ofMillis(rnd.nextInt(15)));
            }
            check(clock, seed, s, seen, batchOf, dueAt, unbounded, unbounded ? Long.MAX_VALUE : requested);
        }
        if (!unbounded) {
            s.request(Long.MAX_VALUE);
        }
        clock.advanceTimeBy(Duration.ofSeconds(1));
        List<Integer> all = check(clock, seed, s, seen, batchOf, dueAt, true, Long.MAX_VALUE);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < next; i++) {
            expected.add(i);
        }
        assertThat(all).as("seed %d: every envelope once, in order", seed).isEqualTo(expected);
        assertThat(o.queuedMessages()).isZero();
        assertThat(s.getProtocolErrors()).isEmpty();
    }

    /** What the checks have already read: frames are parsed once. */
    private static final class Seen {
        final List<Integer> ids = new ArrayList<>();
        int frames;
    }

    private static List<Integer> check(VirtualTimeScheduler clock, long seed, TestSubscriber<OutboundFrame> s, Seen seen, Map<Integer, Integer> batchOf,
                                       Map<Integer, Long> dueAt, boolean demandAlways, long requested) {
        List<OutboundFrame> frames = s.getReceivedOnNext();
        if (requested != Long.MAX_VALUE) {
            assertThat((long) frames.size()).as("seed %d: frames within demand", seed).isLessThanOrEqualTo(requested);
        }
        for (OutboundFrame f : frames.subList(seen.frames, frames.size())) {
            seen.frames++;
            if (f.ping()) {
                continue;
            }
            JsonNode n = SessionHarness.parse(f.payload());
            List<Integer> inFrame = new ArrayList<>();
            if (n.isArray()) {
                n.forEach(e -> inFrame.add(e.get("n").intValue()));
                assertThat(inFrame).as("seed %d: arrays hold at least 2", seed).hasSizeGreaterThanOrEqualTo(2);
                int limit = inFrame.stream().mapToInt(batchOf::get).min().orElseThrow();
                assertThat(inFrame.size()).as("seed %d: array within its smallest batchMaxSize", seed)
                        .isLessThanOrEqualTo(limit);
            } else {
                inFrame.add(n.get("n").intValue());
            }
            assertThat(f.envelopes()).isEqualTo(inFrame.size());
            seen.ids.addAll(inFrame);
        }
        if (demandAlways) {
            long now = clock.now(TimeUnit.MILLISECONDS);
            int emitted = seen.ids.size();
            // Emission is in order, so "everything due was sent" means: no unsent id is due yet.
            for (int id = emitted; dueAt.containsKey(id); id++) {
                assertThat(dueAt.get(id)).as("seed %d: envelope %d still held at %d", seed, id, now).isGreaterThan(now);
            }
        }
        return seen.ids;
    }
}
