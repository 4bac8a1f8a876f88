package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.session.SessionHarness.Conn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Several sessions sending random commands (subscribe, resubscribe with since, unsubscribe, publish with and
 * without keys, ping, broken frames): every command gets exactly one reply, in command order, with its id, and
 * every subscription sees its channel's events consecutively from the seq its {@code subscribed} named.
 */
class SessionRandomizedTest extends SessionTestBase {
    static final String[] CHANNELS = {"chat:a", "chat:b", "short:c"};

    @Test
    void repliesAndEventsFollowTheRules() {
        for (long seed = 1; seed <= 40; seed++) {
            run(seed);
        }
    }

    private void run(long seed) {
        SessionHarness h = harness(ROOMY + "channels:\n  namespaces:\n    short: { history: 2 }\n");
        Random rnd = new Random(seed);
        List<Conn> conns = new ArrayList<>();
        List<Map<String, Long>> subscribed = new ArrayList<>();   // per session: channel -> last seq seen
        for (int i = 0; i < 3; i++) {
            conns.add(h.open("c" + i).welcomed());
            subscribed.add(new HashMap<>());
        }
        Map<String, Long> channelSeq = new HashMap<>();
        for (int step = 0; step < 300; step++) {
            int who = rnd.nextInt(conns.size());
            Conn c = conns.get(who);
            Map<String, Long> subs = subscribed.get(who);
            String ch = CHANNELS[rnd.nextInt(CHANNELS.length)];
            String id = "s" + step;
            String why = "seed " + seed + " step " + step;
            int op = rnd.nextInt(12);
            String expected;
            if (op < 2) {
                c.send("{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"channel\":\"" + ch + "\"}");
                expected = "subscribed";
            } else if (op == 2) {
                c.send("{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"channel\":\"" + ch
                        + "\",\"since\":{\"seq\":" + rnd.nextInt(5) + ",\"epoch\":\"x\"}}");
                expected = "subscribed";
            } else if (op == 3) {
                c.send("{\"type\":\"unsubscribe\",\"id\":\"" + id + "\",\"channel\":\"" + ch + "\"}");
                expected = subs.containsKey(ch) ? "unsubscribed" : "error:not_subscribed";
            } else if (op < 9) {
                String key = rnd.nextInt(4) == 0 ? ",\"key\":\"k" + rnd.nextInt(3) + "\"" : "";
                c.send("{\"type\":\"publish\",\"id\":\"" + id + "\",\"channel\":\"" + ch + "\",\"data\":" + step + key + "}");
                expected = "ack";
            } else if (op == 9) {
                c.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
                expected = "pong";
            } else if (op == 10) {
                c.send("{\"type\":\"publish\",\"id\":\"" + id + "\",\"channel\":\"" + ch + "\"}");
                expected = "error:invalid_message";
            } else {
                h.clock.advanceTimeBy(Duration.ofSeconds(rnd.nextInt(100)));
                continue;
            }
            // Read everything that arrived, on every connection: the sender's reply and anyone's events.
            boolean replied = false;
            for (int k = 0; k < conns.size(); k++) {
                for (JsonNode n : conns.get(k).fresh()) {
                    String type = n.get("type").textValue();
                    if (type.equals("event")) {
                        String channel = n.get("channel").textValue();
                        Long last = subscribed.get(k).get(channel);
                        assertThat(last).as("%s: event on %s for a non-subscriber c%d", why, channel, k).isNotNull();
                        assertThat(n.get("seq").longValue()).as("%s: c%d %s", why, k, channel).isEqualTo(last + 1);
                        subscribed.get(k).put(channel, last + 1);
                        channelSeq.merge(channel, last + 1, Math::max);
                        continue;
                    }
                    assertThat(k).as("%s: a reply reached c%d instead of c%d: %s", why, k, who, n).isEqualTo(who);
                    assertThat(replied).as("%s: two replies to one command", why).isFalse();
                    replied = true;
                    String shown = type.equals("error") ? "error:" + n.get("code").textValue() : type;
                    assertThat(shown).as("%s: %s", why, n).isEqualTo(expected);
                    assertThat(n.get("id").textValue()).as(why).isEqualTo(id);
                    if (type.equals("subscribed") && !subs.containsKey(ch)) {
                        subs.put(ch, n.get("seq").longValue());
                    } else if (type.equals("unsubscribed")) {
                        subs.remove(ch);
                    } else if (type.equals("ack")) {
                        channelSeq.merge(ch, n.get("seq").longValue(), Math::max);
                    }
                }
            }
            assertThat(replied).as("%s: no reply to %s", why, expected).isTrue();
        }
        // Every live subscription has caught up with its channel.
        for (int k = 0; k < conns.size(); k++) {
            subscribed.get(k).forEach((channel, last) ->
                    assertThat(last).as("seed %d: final position on %s", seed, channel)
                            .isEqualTo(channelSeq.getOrDefault(channel, last)));
        }
    }
}
