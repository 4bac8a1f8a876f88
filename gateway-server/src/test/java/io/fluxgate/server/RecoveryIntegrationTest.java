package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recovery with {@code since} across an abrupt disconnect: no loss, no duplicate, in order. */
class RecoveryIntegrationTest extends GatewayTestBase {

    @Test
    void aClientThatDropsAbruptlyRecoversExactlyWhatItMissed() {
        start("limits:\n  ratePerSecond: 10000\n  burst: 10000\n");
        List<Long> seen = new ArrayList<>();
        String epoch;
        try (TestClient pub = connect("client=pub")) {
            TestClient sub = connect("client=sub");
            sub.send("type", "subscribe", "channel", "agent:42");
            epoch = sub.next("subscribed").path("epoch").asText();
            for (int i = 1; i <= 30; i++) {
                pub.send("type", "publish", "channel", "agent:42", "data", Map.of("step", i));
            }
            pub.take("ack", 30);
            for (JsonNode ev : sub.take("event", 30)) {
                seen.add(ev.path("seq").asLong());
            }
            sub.abort();

            for (int i = 31; i <= 70; i++) {
                pub.send("type", "publish", "channel", "agent:42", "data", Map.of("step", i));
            }
            pub.take("ack", 40);

            try (TestClient back = connect("client=sub")) {
                back.send("type", "subscribe", "channel", "agent:42", "id", "r",
                        "since", Map.of("seq", seen.get(seen.size() - 1), "epoch", epoch));
                JsonNode subscribed = back.next("subscribed");
                assertThat(subscribed.path("recovered").asBoolean()).isTrue();
                assertThat(subscribed.path("seq").asLong()).isEqualTo(70);
                // Live events published after the resubscribe follow the replay without a gap.
                for (int i = 71; i <= 80; i++) {
                    pub.send("type", "publish", "channel", "agent:42", "data", Map.of("step", i));
                }
                for (JsonNode ev : back.take("event", 50)) {
                    seen.add(ev.path("seq").asLong());
                    assertThat(ev.path("data").path("step").asLong()).isEqualTo(ev.path("seq").asLong());
                }
                back.send("type", "ping", "id", "end");
                back.next("pong");
                assertThat(back.backlogEvents()).isZero();
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 80; i++) {
            expected.add(i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void aGapOlderThanHistoryIsReportedAsNotRecovered() {
        start("limits:\n  ratePerSecond: 10000\n  burst: 10000\nchannels:\n  default:\n    history: 5\n");
        try (TestClient pub = connect("client=pub")) {
            pub.send("type", "subscribe", "channel", "short");
            String epoch = pub.next("subscribed").path("epoch").asText();
            for (int i = 1; i <= 20; i++) {
                pub.send("type", "publish", "channel", "short", "data", i);
            }
            pub.take("ack", 20);
            try (TestClient late = connect("client=late")) {
                late.next("welcome");
                late.send("type", "subscribe", "channel", "short", "since", Map.of("seq", 3, "epoch", epoch));
                JsonNode s = late.next("subscribed");
                assertThat(s.path("recovered").asBoolean()).isFalse();
                assertThat(s.path("seq").asLong()).isEqualTo(20);
                late.send("type", "subscribe", "channel", "other", "since", Map.of("seq", 1, "epoch", "stale"));
                assertThat(late.next("subscribed").path("recovered").asBoolean()).isFalse();
                late.send("type", "ping");
                // Nothing was replayed for either refused recovery.
                assertThat(late.next().path("type").asText()).isEqualTo("pong");
            }
        }
    }
}
