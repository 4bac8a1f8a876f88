package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.channel.Principal;
import io.fluxgate.config.ConfigLoader;
import io.fluxgate.server.ws.Authenticator;
import io.fluxgate.server.ws.HandshakeRequest;
import io.fluxgate.server.ws.OpenAuthenticator;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The live {@code $logs} channel over real sockets: admins only, records arrive as
 * {@code {level, logger, message, ts, count}}, and a burst of identical records collapses, on virtual time.
 */
class LogsChannelIntegrationTest extends GatewayTestBase {
    private static final Logger noise = LoggerFactory.getLogger("io.fluxgate.test.Noise");

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    /** Open-mode ids, and clients whose id starts with "admin" are admins (JWT does this in production). */
    private static final class AdminPrefixAuthenticator implements Authenticator {
        private final OpenAuthenticator open = new OpenAuthenticator();

        @Override
        public Principal authenticate(HandshakeRequest request) {
            Principal p = open.authenticate(request);
            return new Principal(p.clientId(), p.clientId().startsWith("admin"), null);
        }

        @Override
        public boolean required() {
            return false;
        }
    }

    private void startWithAdmins(String yaml) {
        server = GatewayServer.start(ConfigLoader.fromYaml(yaml, Map.of("server.port", 0)), clock,
                new AdminPrefixAuthenticator());
    }

    @Test
    void nonAdminsMayNeitherSubscribeNorPublish() {
        startWithAdmins("");
        try (TestClient c = connect("client=mallory")) {
            c.send("type", "subscribe", "channel", "$logs", "id", "s");
            JsonNode err = c.next("error");
            assertThat(err.path("code").asText()).isEqualTo("forbidden");
            assertThat(err.path("id").asText()).isEqualTo("s");
            c.send("type", "publish", "channel", "$logs", "data", "fake", "id", "p");
            assertThat(c.next("error").path("code").asText()).isEqualTo("forbidden");
        }
    }

    @Test
    void anAdminReceivesRecordsAtOrAboveTheLevel() {
        startWithAdmins("logging:\n  level: warn\n");
        try (TestClient admin = connect("client=admin-ann")) {
            admin.send("type", "subscribe", "channel", "$logs");
            admin.next("subscribed");
            String tag = UUID.randomUUID().toString();
            noise.info("below the level {}", tag);      // root is WARN in tests, and the feed is at warn
            noise.warn("disk almost full {}", tag);
            noise.error("broken {}", tag, new IllegalStateException("boom"));
            JsonNode warn = nextLog(admin, tag);
            assertThat(warn.path("channel").asText()).isEqualTo("$logs");
            assertThat(warn.path("event").asText()).isEqualTo("log");
            JsonNode data = warn.path("data");
            assertThat(data.path("level").asText()).isEqualTo("WARN");
            assertThat(data.path("logger").asText()).isEqualTo("io.fluxgate.test.Noise");
            assertThat(data.path("message").asText()).isEqualTo("disk almost full " + tag);
            assertThat(data.path("count").asLong()).isEqualTo(1);
            assertThat(data.path("ts").asLong()).isGreaterThan(0);
            JsonNode error = nextLog(admin, tag).path("data");
            assertThat(error.path("level").asText()).isEqualTo("ERROR");
            assertThat(error.path("message").asText())
                    .isEqualTo("broken " + tag + " (java.lang.IllegalStateException: boom)");
        }
    }

    @Test
    void aBurstOfIdenticalWarningsArrivesAsOneEventWithTheCount() {
        startWithAdmins("logging:\n  dedupWindow: 5s\n");
        try (TestClient admin = connect("client=admin-bo")) {
            admin.send("type", "subscribe", "channel", "$logs");
            admin.next("subscribed");
            String tag = UUID.randomUUID().toString();
            for (int i = 0; i < 50; i++) {
                noise.warn("upstream timeout {}", tag);
            }
            noise.warn("another record {}", tag);
            JsonNode first = nextLog(admin, tag).path("data");
            assertThat(first.path("message").asText()).isEqualTo("upstream timeout " + tag);
            assertThat(first.path("count").asLong()).isEqualTo(1);
            JsonNode other = nextLog(admin, tag).path("data");
            assertThat(other.path("message").asText()).isEqualTo("another record " + tag);
            assertThat(other.path("count").asLong()).isEqualTo(1);

            // The 49 repeats are held until the window ends on the gateway clock, then arrive as one event.
            // (A marker record shows what was published before it: nothing from the burst yet.)
            clock.advanceTimeBy(Duration.ofMillis(4999));
            noise.warn("marker one {}", tag);
            assertThat(nextLog(admin, tag).path("data").path("message").asText()).startsWith("marker one");
            clock.advanceTimeBy(Duration.ofMillis(1));
            JsonNode collapsed = nextLog(admin, tag).path("data");
            assertThat(collapsed.path("message").asText()).isEqualTo("upstream timeout " + tag);
            assertThat(collapsed.path("level").asText()).isEqualTo("WARN");
            assertThat(collapsed.path("count").asLong()).isEqualTo(49);

            // Nothing repeated in the next window: no event, and the record is forgotten.
            clock.advanceTimeBy(Duration.ofSeconds(5));
            noise.warn("marker two {}", tag);
            assertThat(nextLog(admin, tag).path("data").path("message").asText()).startsWith("marker two");
            noise.warn("upstream timeout {}", tag);
            JsonNode again = nextLog(admin, tag).path("data");
            assertThat(again.path("message").asText()).isEqualTo("upstream timeout " + tag);
            assertThat(again.path("count").asLong()).isEqualTo(1);
        }
    }

    @Test
    void theFeedStopsWithTheGateway() {
        startWithAdmins("");
        GatewayServer first = server;
        first.shutdown(Duration.ofSeconds(2));
        startWithAdmins("");
        try (TestClient admin = connect("client=admin-cy")) {
            admin.send("type", "subscribe", "channel", "$logs");
            admin.next("subscribed");
            String tag = UUID.randomUUID().toString();
            noise.warn("after restart {}", tag);
            assertThat(nextLog(admin, tag).path("seq").asLong()).isEqualTo(1);
        }
        assertThat(((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .iteratorForAppenders()).toIterable()
                .filteredOn(a -> a.getName() != null && a.getName().startsWith("fluxgate-logs-"))
                .hasSize(1);
    }

    /** The next $logs event whose message carries this test's tag (other records may interleave). */
    private static JsonNode nextLog(TestClient c, String tag) {
        return c.next(n -> "event".equals(n.path("type").asText()) && "$logs".equals(n.path("channel").asText())
                && n.path("data").path("message").asText().contains(tag));
    }
}
