package io.fluxgate.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.config.AccessRule;
import io.fluxgate.config.NamespaceConfig;
import io.fluxgate.protocol.StreamPosition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * One channel driven by random publishes (with and without keys), clock steps, sweeps and recovering subscribes,
 * checked against a plain model of the contract: seq numbering, bounded history with TTL, the dedup window,
 * reclamation of idle channels with a new epoch, and every recovery outcome.
 */
class InMemoryBrokerModelTest {
    static final Duration T = Duration.ofSeconds(10);
    static final String CH = "m:x";

    /** How often each interesting outcome came up, so the test cannot pass by never reaching them. */
    private final Map<String, Integer> tally = new HashMap<>();

    @Test
    void brokerBehavesLikeTheModel() {
        for (long seed = 1; seed <= 100; seed++) {
            int history = (int) (seed % 4);                  // 0..3, history 0 included
            run(seed, new NamespaceConfig(history, Duration.ofMillis(50), Duration.ofMillis(30), AccessRule.ANY,
                    AccessRule.ANY, 64, Duration.ZERO, 1));
        }
        assertThat(tally).containsKeys("duplicate", "reclaimed", "recovered", "recovered with replay", "not recovered");
    }

    private record Kept(long seq, long ts) {
    }

    private record Key(long seq, long expiresAt) {
    }

    private void run(long seed, NamespaceConfig ns) {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        InMemoryBroker broker = new InMemoryBroker(name -> ns, clock, Duration.ofDays(1));
        try {
            Random rnd = new Random(seed);
            String epoch = broker.position(CH).block(T).epoch();
            long seq = 0;
            ArrayDeque<Kept> kept = new ArrayDeque<>();
            Map<String, Key> keys = new HashMap<>();
            for (int step = 0; step < 400; step++) {
                long now = clock.now(TimeUnit.MILLISECONDS);
                expire(kept, keys, ns, now);
                int op = rnd.nextInt(10);
                String why = "seed " + seed + " step " + step + " op " + op;
                if (op < 4) {
                    String key = rnd.nextBoolean() ? null : "k" + rnd.nextInt(4);
                    PublishResult r = broker.publish(new Publication(CH, BrokerTestBase.json("1"), null, key, "p"))
                            .block(T);
                    Key seen = key == null ? null : keys.get(key);
                    if (seen != null) {
                        tally.merge("duplicate", 1, Integer::sum);
                        assertThat(r).as(why).isEqualTo(new PublishResult(CH, seen.seq(), epoch, true));
                    } else {
                        seq++;
                        assertThat(r).as(why).isEqualTo(new PublishResult(CH, seq, epoch, false));
                        if (ns.history() > 0) {
                            kept.addLast(new Kept(seq, now));
                            if (kept.size() > ns.history()) {
                                kept.removeFirst();
                            }
                        }
                        if (key != null) {
                            keys.put(key, new Key(seq, now + ns.dedupWindow().toMillis()));
                        }
                    }
                } else if (op < 6) {
                    clock.advanceTimeBy(Duration.ofMillis(rnd.nextInt(25)));
                } else if (op == 6) {
                    broker.sweep();
                    if (kept.isEmpty() && keys.isEmpty()) {
                        assertThat(broker.channelCount()).as(why).isZero();
                        tally.merge("reclaimed", 1, Integer::sum);
                        epoch = broker.position(CH).block(T).epoch();
                        seq = 0;
                    } else {
                        assertThat(broker.position(CH).block(T)).as(why).isEqualTo(new StreamPosition(seq, epoch));
                    }
                } else {
                    long since = Math.max(0, seq - 4 + rnd.nextInt(7));
                    String sinceEpoch = rnd.nextInt(8) == 0 ? epoch + "?" : epoch;
                    EventSink sink = e -> { };
                    SubscribeResult r = broker.subscribe(CH, new StreamPosition(since, sinceEpoch), sink).block(T);
                    broker.unsubscribe(CH, sink).block(T);
                    long oldest = kept.isEmpty() ? seq + 1 : kept.peekFirst().seq();
                    boolean recovered = sinceEpoch.equals(epoch) && since <= seq && since + 1 >= oldest;
                    List<Long> replay = new ArrayList<>();
                    if (recovered) {
                        kept.forEach(k -> {
                            if (k.seq() > since) {
                                replay.add(k.seq());
                            }
                        });
                    }
                    tally.merge(!recovered ? "not recovered" : replay.isEmpty() ? "recovered" : "recovered with replay", 1,
                            Integer::sum);
                    assertThat(r.seq()).as(why).isEqualTo(seq);
                    assertThat(r.epoch()).as(why).isEqualTo(epoch);
                    assertThat(r.recovered()).as(why + " since " + since + " of " + seq).isEqualTo(recovered);
                    assertThat(BrokerTestBase.seqs(r.replay())).as(why).isEqualTo(replay);
                }
                expire(kept, keys, ns, clock.now(TimeUnit.MILLISECONDS));
                HistoryPage page = broker.history(CH, 0, Integer.MAX_VALUE).block(T);
                List<Long> modelSeqs = kept.stream().map(Kept::seq).toList();
                if (page == null) {
                    assertThat(modelSeqs).as(why).isEmpty();
                    assertThat(broker.historyEvents()).as(why).isZero();
                } else {
                    assertThat(page.epoch()).as(why).isEqualTo(epoch);
                    assertThat(BrokerTestBase.seqs(page.events())).as(why).isEqualTo(modelSeqs);
                    assertThat(broker.historyEvents()).as(why).isEqualTo(modelSeqs.size());
                }
            }
        } finally {
            broker.close();
            clock.dispose();
        }
    }

    /** The model's view of what has expired by {@code now}. */
    private static void expire(ArrayDeque<Kept> kept, Map<String, Key> keys, NamespaceConfig ns, long now) {
        while (!kept.isEmpty() && kept.peekFirst().ts() + ns.historyTtl().toMillis() <= now) {
            kept.removeFirst();
        }
        keys.values().removeIf(k -> k.expiresAt() <= now);
    }
}
