package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slow consumers and batching over real sockets. */
class BackpressureIntegrationTest extends GatewayTestBase {
    private static final String PAD = "p".repeat(1000);

    @Test
    void aSlowConsumerGets4009WhileAFastSubscriberReceivesEverythingInOrder() throws Exception {
        start("limits:\n  ratePerSecond: 1000000\n  burst: 1000000\n  outboundBufferMessages: 256\n"
                + "  outboundBufferBytes: 1048576\n");
        int total = 20_000;
        // A small receive buffer makes the kernel stop absorbing early, so the server's bound is what gives.
        try (RawWsClient slow = new RawWsClient(port(), "client=slow", 8192);
             TestClient fast = connect("client=fast");
             TestClient pub = connect("client=pub")) {
            slow.sendText("{\"type\":\"subscribe\",\"channel\":\"firehose\"}");
            fast.send("type", "subscribe", "channel", "firehose");
            fast.next("subscribed");
            // The slow client reads nothing from here on. The publisher and the fast subscriber keep up, in
            // windows of 100, so only the slow one can overflow its bound.
            long expected = 1;
            int published = 0;
            for (int i = 1; i <= total && slowIsOpen(); i++) {
                published = i;
                pub.send("{\"type\":\"publish\",\"channel\":\"firehose\",\"data\":{\"i\":" + i + ",\"pad\":\"" + PAD + "\"}}");
                if (i % 100 == 0) {
                    pub.take("ack", 100);
                    for (JsonNode ev : fast.take("event", 100)) {
                        assertThat(ev.path("seq").asLong()).isEqualTo(expected++);
                    }
                }
            }
            assertThat(slowIsOpen()).as("the slow consumer was cut off").isFalse();
            int rest = published % 100;
            pub.take("ack", rest);
            for (JsonNode ev : fast.take("event", rest)) {
                assertThat(ev.path("seq").asLong()).isEqualTo(expected++);
            }
            assertThat(expected - 1).isEqualTo(published);
            // Resuming, the slow client finds an in-order prefix of the stream, then the 4009 close frame.
            long last = 0;
            int code;
            while (true) {
                RawWsClient.Frame f = slow.read();
                if (f.opcode() == RawWsClient.CLOSE) {
                    code = f.closeCode();
                    break;
                }
                JsonNode n = TestClient.JSON.readTree(f.text());
                if ("event".equals(n.path("type").asText())) {
                    assertThat(n.path("seq").asLong()).isEqualTo(last + 1);
                    last = n.path("seq").asLong();
                }
            }
            assertThat(code).isEqualTo(4009);
            assertThat(last).isLessThan(published);
        }
    }

    private boolean slowIsOpen() {
        return server.services().registry().all().stream().anyMatch(s -> s.principal().clientId().equals("slow"));
    }

    @Test
    void batchingClientsGetArraysUnderABurstAndSingleEnvelopesWhenIdle() {
        start("limits:\n  ratePerSecond: 1000000\n  burst: 1000000\n  outboundBufferMessages: 100000\n"
                + "  outboundBufferBytes: 67108864\nchannels:\n  default:\n    batchMaxSize: 16\n");
        try (TestClient sub = connect("client=sub&batch=true"); TestClient pub = connect("client=pub")) {
            sub.send("type", "subscribe", "channel", "burst");
            sub.next("subscribed");
            // Idle: one publish, one plain envelope frame.
            pub.send("type", "publish", "channel", "burst", "data", 0);
            JsonNode single = sub.nextFrame();
            assertThat(single.isObject()).isTrue();
            assertThat(single.path("seq").asLong()).isEqualTo(1);

            sub.pause();
            int total = 20_000;
            for (int i = 1; i <= total; i++) {
                pub.send("{\"type\":\"publish\",\"channel\":\"burst\",\"data\":{\"i\":" + i + ",\"pad\":\"" + PAD + "\"}}");
                if (i % 100 == 0) {
                    pub.take("ack", 100);
                }
            }
            sub.resume();
            List<Integer> sizes = new ArrayList<>();
            long expected = 2;
            while (expected <= total + 1) {
                JsonNode frame = sub.nextFrame();
                List<JsonNode> envelopes = new ArrayList<>();
                if (frame.isArray()) {
                    frame.forEach(envelopes::add);
                } else {
                    envelopes.add(frame);
                }
                sizes.add(envelopes.size());
                for (JsonNode ev : envelopes) {
                    assertThat(ev.path("seq").asLong()).isEqualTo(expected++);
                }
            }
            assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 16));
            assertThat(sizes).as("frames carried batches under the burst").anySatisfy(n -> assertThat(n).isGreaterThan(1));
            assertThat(sizes.size()).isLessThan(total);
        }
    }

    @Test
    void aNamespaceCoalescingWindowGroupsAQuickRun() {
        start("limits:\n  ratePerSecond: 1000000\n  burst: 1000000\n"
                + "channels:\n  namespaces:\n    tokens: { batchMaxDelay: 200ms, batchMaxSize: 64 }\n");
        try (TestClient sub = connect("client=sub&batch=true"); TestClient pub = connect("client=pub")) {
            sub.send("type", "subscribe", "channel", "tokens:chat1");
            sub.next("subscribed");
            for (int i = 1; i <= 20; i++) {
                pub.send("type", "publish", "channel", "tokens:chat1", "data", "tok" + i);
            }
            List<JsonNode> got = new ArrayList<>();
            int frameCount = 0;
            while (got.size() < 20) {
                JsonNode f = sub.nextFrame();
                frameCount++;
                if (f.isArray()) {
                    f.forEach(got::add);
                } else {
                    got.add(f);
                }
            }
            for (int i = 0; i < 20; i++) {
                assertThat(got.get(i).path("data").asText()).isEqualTo("tok" + (i + 1));
            }
            assertThat(frameCount).as("20 quick tokens within a 200 ms window leave in few frames").isLessThan(20);
        }
    }
}
