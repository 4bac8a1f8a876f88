package io.fluxgate.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.protocol.StreamPosition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Numbering, fan-out, order under concurrent publishers, history bound and TTL, queries. */
class InMemoryBrokerTest extends BrokerTestBase {
    // --- numbering and fan-out ---------------------------------------------------------------------------

    @Test
    void eventsAreNumberedFromOneAndFannedOutToEverySinkWithSharedBytes() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        SubscribeResult sa = subscribe("chat:x", null, a);
        subscribe("chat:x", null, b);
        assertThat(sa.seq()).isZero();
        assertThat(sa.recovered()).isNull();
        assertThat(sa.replay()).isEmpty();
        PublishResult r1 = publish("chat:x", "{\"n\":1}");
        PublishResult r2 = publish("chat:x", "{\"n\":2}");
        assertThat(r1).isEqualTo(new PublishResult("chat:x", 1, sa.epoch(), false));
        assertThat(r2.seq()).isEqualTo(2);
        assertThat(a.seqs()).containsExactly(1L, 2L);
        assertThat(b.seqs()).containsExactly(1L, 2L);
        assertThat(a.events.get(0).wire()).isSameAs(b.events.get(0).wire());
        assertThat(new String(a.events.get(1).wire(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"event\",\"channel\":\"chat:x\",\"seq\":2,\"epoch\":\"" + sa.epoch()
                        + "\",\"data\":{\"n\":2},\"from\":\"bot\",\"ts\":0}");
    }

    @Test
    void eventTimestampComesFromTheClock() {
        clock.advanceTimeBy(Duration.ofMillis(1234));
        publish("chat:x", "1");
        assertThat(broker.history("chat:x", 0, 10).block(T).events().get(0).ts()).isEqualTo(1234);
    }

    @Test
    void channelsAreIndependent() {
        Recorder a = new Recorder();
        subscribe("chat:a", null, a);
        publish("chat:b", "1");
        publish("chat:a", "1");
        publish("chat:b", "2");
        assertThat(a.seqs()).containsExactly(1L);
        assertThat(position("chat:b").seq()).isEqualTo(2);
        assertThat(position("chat:a").epoch()).isNotEqualTo(position("chat:b").epoch());
    }

    @Test
    void unsubscribedSinkGetsNothingMore() {
        Recorder a = new Recorder();
        subscribe("chat:x", null, a);
        publish("chat:x", "1");
        StepVerifier.create(broker.unsubscribe("chat:x", a)).expectComplete().verify(T);
        publish("chat:x", "2");
        assertThat(a.seqs()).containsExactly(1L);
        StepVerifier.create(broker.unsubscribe("chat:never", a)).expectComplete().verify(T);
    }

    @Test
    void concurrentPublishersDeliverInOrderWithoutGapsDuplicatesOrOverlap() throws Exception {
        int threads = 4;
        int perThread = 2500;
        int total = threads * perThread;
        List<Recorder> sinks = new ArrayList<>();
        AtomicInteger overlaps = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            AtomicBoolean inside = new AtomicBoolean();
            Recorder r = new Recorder() {
                @Override
                public void onEvent(ChannelEvent event) {
                    if (!inside.compareAndSet(false, true)) {
                        overlaps.incrementAndGet();
                    }
                    super.onEvent(event);
                    inside.set(false);
                }
            };
            sinks.add(r);
            subscribe("chat:race", null, r);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(broker.publish(new Publication("chat:race", json("[" + id + "," + i + "]"), null,
                                null, "p" + id)).block(T).seq());
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                List<Long> mine = f.get(60, TimeUnit.SECONDS);
                // A publisher's publishes get increasing seq in the order it sent them.
                assertThat(mine).isSorted().doesNotHaveDuplicates().hasSize(perThread);
                all.addAll(mine);
            }
            Collections.sort(all);
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s <= total; s++) {
                expected.add(s);
            }
            assertThat(all).isEqualTo(expected);
            for (Recorder r : sinks) {
                assertThat(r.seqs()).isEqualTo(expected);
                // Each publisher's own events reach the sink in the order it published them.
                int[] next = new int[threads];
                for (ChannelEvent e : r.events) {
                    JsonNode data = json(new String(e.wire(), StandardCharsets.UTF_8)).get("data");
                    assertThat(data.get(1).intValue()).isEqualTo(next[data.get(0).intValue()]++);
                }
            }
            assertThat(overlaps).hasValue(0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSinkMayPublishFromInsideItsCallbackWithoutDeadlockAndOrderHolds() {
        Recorder other = new Recorder();
        EventSink echo = e -> {
            if (e.seq() == 1) {
                assertThat(publish("chat:echo", "\"reply\"").seq()).isEqualTo(2);
            }
        };
        subscribe("chat:echo", null, echo);
        subscribe("chat:echo", null, other);
        assertThat(publish("chat:echo", "\"first\"").seq()).isEqualTo(1);
        assertThat(other.seqs()).containsExactly(1L, 2L);
    }

    @Test
    void aBlockedSinkDoesNotStallOtherPublishers() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder after = new Recorder();
        subscribe("chat:stall", null, e -> {
            if (e.seq() == 1) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        subscribe("chat:stall", null, after);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<PublishResult> first = pool.submit(() -> publish("chat:stall", "1"));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            // The first publisher's thread is stuck delivering; a second publish still completes at once.
            assertThat(publish("chat:stall", "2").seq()).isEqualTo(2);
            assertThat(position("chat:stall").seq()).isEqualTo(2);
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).seq()).isEqualTo(1);
            assertThat(after.seqs()).containsExactly(1L, 2L);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    // --- history -----------------------------------------------------------------------------------------

    @Test
    void historyKeepsTheLastNEvents() {
        for (int i = 1; i <= 5; i++) {
            publish("short:x", Integer.toString(i));
        }
        assertThat(seqs(broker.history("short:x", 0, 100).block(T).events())).containsExactly(3L, 4L, 5L);
        assertThat(broker.historyEvents()).isEqualTo(3);
    }

    @Test
    void historyPagesBySinceAndLimit() {
        for (int i = 1; i <= 10; i++) {
            publish("chat:h", Integer.toString(i));
        }
        HistoryPage page = broker.history("chat:h", 4, 3).block(T);
        assertThat(page.epoch()).isEqualTo(position("chat:h").epoch());
        assertThat(seqs(page.events())).containsExactly(5L, 6L, 7L);
        assertThat(broker.history("chat:h", 10, 5).block(T).events()).isEmpty();
        assertThat(broker.history("chat:h", 0, 0).block(T).events()).isEmpty();
        assertThat(seqs(broker.history("chat:h", 8, 100).block(T).events())).containsExactly(9L, 10L);
    }

    @Test
    void historyOfAnUnknownChannelIsEmptyAndCreatesNothing() {
        StepVerifier.create(broker.history("chat:unknown", 0, 10)).expectComplete().verify(T);
        assertThat(broker.channelCount()).isZero();
    }

    @Test
    void historyTtlExpiresEventsOnVirtualTime() {
        publish("ttl:x", "1");
        publish("ttl:x", "2");
        clock.advanceTimeBy(Duration.ofSeconds(5));
        publish("ttl:x", "3");
        clock.advanceTimeBy(Duration.ofMillis(4999));
        assertThat(seqs(broker.history("ttl:x", 0, 10).block(T).events())).containsExactly(1L, 2L, 3L);
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(seqs(broker.history("ttl:x", 0, 10).block(T).events())).containsExactly(3L);
        assertThat(broker.historyEvents()).isEqualTo(1);
        String epoch = position("ttl:x").epoch();
        assertThat(subscribe("ttl:x", new StreamPosition(1, epoch), new Recorder()).recovered()).isFalse();
        SubscribeResult ok = subscribe("ttl:x", new StreamPosition(2, epoch), new Recorder());
        assertThat(ok.recovered()).isTrue();
        assertThat(seqs(ok.replay())).containsExactly(3L);
        clock.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(broker.history("ttl:x", 0, 10).block(T).events()).isEmpty();
        assertThat(broker.historyEvents()).isZero();
    }

    // --- queries ---------------------------------------------------------------------------------------------

    @Test
    void positionOfANewChannelIsZeroAndStable() {
        StreamPosition p = position("chat:new");
        assertThat(p.seq()).isZero();
        assertThat(position("chat:new")).isEqualTo(p);
        publish("chat:new", "1");
        assertThat(position("chat:new")).isEqualTo(new StreamPosition(1, p.epoch()));
    }

    @Test
    void channelsListsSubscribersSeqAndEpoch() {
        subscribe("chat:a", null, new Recorder());
        subscribe("chat:a", null, new Recorder());
        publish("chat:a", "1");
        publish("chat:b", "1");
        publish("chat:b", "2");
        List<ChannelInfo> infos = broker.channels().block(T);
        assertThat(infos).containsExactlyInAnyOrder(
                new ChannelInfo("chat:a", 2, 1, position("chat:a").epoch()),
                new ChannelInfo("chat:b", 0, 2, position("chat:b").epoch()));
    }

    @Test
    void historyGaugeFollowsAppendsEvictionsAndReclamation() {
        fill("chat:g1", 5);
        fill("short:g2", 5);
        fill("ttl:g3", 4);
        fill("none:g4", 4);
        assertThat(broker.historyEvents()).isEqualTo(5 + 3 + 4);
        clock.advanceTimeBy(Duration.ofSeconds(10));
        broker.sweep();
        assertThat(broker.historyEvents()).isEqualTo(5 + 3);
        clock.advanceTimeBy(Duration.ofMinutes(10));
        broker.sweep();
        assertThat(broker.historyEvents()).isZero();
        assertThat(broker.channelCount()).isZero();
        fill("short:g2", 2);
        assertThat(broker.historyEvents()).isEqualTo(2);
    }
}
