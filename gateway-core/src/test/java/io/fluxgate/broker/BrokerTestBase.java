package io.fluxgate.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.channel.ChannelPolicy;
import io.fluxgate.config.ConfigLoader;
import io.fluxgate.protocol.EnvelopeCodec;
import io.fluxgate.protocol.StreamPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A broker on a virtual clock, namespaces with different history and dedup settings, and helpers. */
abstract class BrokerTestBase {
    static final Duration T = Duration.ofSeconds(10);
    static final Duration SWEEP = Duration.ofSeconds(30);

    final ChannelPolicy policy = new ChannelPolicy(ConfigLoader.fromYaml("""
            channels:
              default: { history: 1000, historyTtl: 10m, dedupWindow: 2m }
              namespaces:
                short: { history: 3 }
                ttl: { historyTtl: 10s }
                none: { history: 0 }
                nodedup: { dedupWindow: 0ms }
                quick: { history: 0, dedupWindow: 1m }
            """).channels());
    final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    final InMemoryBroker broker = new InMemoryBroker(policy::settings, clock, SWEEP);

    @AfterEach
    void closeBroker() {
        broker.close();
        clock.dispose();
    }

    static JsonNode json(String s) {
        try {
            return EnvelopeCodec.get().readTree(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    PublishResult publish(String channel, String data) {
        return publish(channel, data, null);
    }

    PublishResult publish(String channel, String data, String key) {
        return broker.publish(new Publication(channel, json(data), null, key, "bot")).block(T);
    }

    SubscribeResult subscribe(String channel, StreamPosition since, EventSink sink) {
        return broker.subscribe(channel, since, sink).block(T);
    }

    StreamPosition position(String channel) {
        return broker.position(channel).block(T);
    }

    static List<Long> seqs(List<ChannelEvent> events) {
        return events.stream().map(ChannelEvent::seq).toList();
    }

    /** A sink that records what it gets. */
    static class Recorder implements EventSink {
        final List<ChannelEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(ChannelEvent event) {
            events.add(event);
        }

        List<Long> seqs() {
            return BrokerTestBase.seqs(events);
        }
    }

    String fill(String channel, int n) {
        for (int i = 1; i <= n; i++) {
            publish(channel, Integer.toString(i));
        }
        return position(channel).epoch();
    }
}
