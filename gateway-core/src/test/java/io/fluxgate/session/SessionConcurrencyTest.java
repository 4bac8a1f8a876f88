package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.session.SessionHarness.Conn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Subscribers joining a channel while it is being published to, on real threads. */
class SessionConcurrencyTest {

    @Test
    void subscribersJoiningMidStreamSeeEveryLaterEventOnceAndInOrder() throws Exception {
        int events = 4000;
        int subscribers = 6;
        try (SessionHarness h = new SessionHarness("limits:\n  ratePerSecond: 100000000\n  burst: 100000000\n"
                + "  outboundBufferMessages: 100000\n  outboundBufferBytes: 100000000\n")) {
            Conn pub = h.open("pub").welcomed();
            List<Conn> subs = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                subs.add(h.open("sub-" + i).welcomed());
            }
            // Subscriber i joins once the publisher is past join[i]: a latch per subscriber, no spinning.
            long[] join = new long[subscribers];
            List<CountDownLatch> reached = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                join[i] = (long) events * i / (subscribers + 1);
                reached.add(new CountDownLatch(1));
            }
            ExecutorService pool = Executors.newFixedThreadPool(subscribers + 1);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> futures = new ArrayList<>();
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= events; i++) {
                        for (int k = 0; k < subscribers; k++) {
                            if (join[k] == i - 1) {
                                reached.get(k).countDown();
                            }
                        }
                        pub.send("{\"type\":\"publish\",\"channel\":\"chat:live\",\"data\":" + i + "}");
                    }
                    return null;
                }));
                for (int i = 0; i < subscribers; i++) {
                    Conn c = subs.get(i);
                    CountDownLatch go = reached.get(i);
                    futures.add(pool.submit(() -> {
                        assertThat(go.await(60, TimeUnit.SECONDS)).isTrue();
                        c.send("{\"type\":\"subscribe\",\"channel\":\"chat:live\"}");
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            for (Conn c : subs) {
                List<JsonNode> got = c.fresh();
                assertThat(got.get(0).get("type").textValue()).isEqualTo("subscribed");
                long from = got.get(0).get("seq").longValue();
                List<Long> seqs = got.subList(1, got.size()).stream().map(n -> n.get("seq").longValue()).toList();
                List<Long> expected = new ArrayList<>();
                for (long s = from + 1; s <= events; s++) {
                    expected.add(s);
                }
                assertThat(seqs).as("subscriber that joined at seq %d", from).isEqualTo(expected);
            }
        }
    }
}
