package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/**
 * Per-namespace publish/subscribe rules and the {@code $} system channels, for JWT principals over real sockets.
 * Every refusal answers {@code forbidden} and keeps the connection.
 */
class AuthorizationIntegrationTest extends GatewayTestBase {
    private static final String API_KEY = "authz-test-key-0123456789";
    private static final String YAML = Jwts.authYaml() + "  apiKeys: [" + API_KEY + "]\n"
            + "channels:\n  namespaces:\n"
            + "    ops: { publish: admin, subscribe: admin }\n"
            + "    feed: { publish: api, subscribe: any }\n"
            + "    home: { publish: owner, subscribe: owner }\n";

    @BeforeEach
    void startGateway() {
        start(YAML, Schedulers.parallel());
    }

    private TestClient as(String sub, boolean admin) {
        String token = admin ? Jwts.admin(sub, Schedulers.parallel(), 600) : Jwts.token(sub, Schedulers.parallel(), 600);
        TestClient c = TestClient.connect(port(), "", Map.of("Authorization", "Bearer " + token));
        c.next("welcome");
        return c;
    }

    /** Sends a command and returns its reply (or error). */
    private static JsonNode ask(TestClient c, Object... kv) {
        c.send(kv);
        String id = String.valueOf(kv[3]);
        return c.next(n -> id.equals(n.path("id").asText()));
    }

    private static void assertForbiddenAndStillConnected(TestClient c, JsonNode reply) {
        assertThat(reply.path("type").asText()).isEqualTo("error");
        assertThat(reply.path("code").asText()).isEqualTo("forbidden");
        assertThat(ask(c, "type", "ping", "id", "still-here").path("type").asText()).isEqualTo("pong");
        assertThat(c.isClosed()).isFalse();
    }

    @Test
    void systemChannelsAreForAdminsOnlyWhateverTheNamespaceRules() {
        try (TestClient user = as("alice", false); TestClient admin = as("root", true)) {
            assertForbiddenAndStillConnected(user, ask(user, "type", "subscribe", "id", "s", "channel", "$logs"));
            assertForbiddenAndStillConnected(user, ask(user, "type", "publish", "id", "p", "channel", "$alerts",
                    "data", 1));
            assertForbiddenAndStillConnected(user, ask(user, "type", "subscribe", "id", "s2", "channel", "$feed:x"));

            assertThat(ask(admin, "type", "subscribe", "id", "s", "channel", "$alerts").path("type").asText())
                    .isEqualTo("subscribed");
            assertThat(ask(admin, "type", "publish", "id", "p", "channel", "$alerts", "data", "hi").path("type")
                    .asText()).isEqualTo("ack");
            assertThat(admin.next("event").path("data").asText()).isEqualTo("hi");
        }
    }

    @Test
    void adminNamespacesAdmitAdminTokensOnly() {
        try (TestClient user = as("alice", false); TestClient admin = as("root", true)) {
            assertForbiddenAndStillConnected(user, ask(user, "type", "subscribe", "id", "s", "channel", "ops:deploys"));
            assertForbiddenAndStillConnected(user, ask(user, "type", "publish", "id", "p", "channel", "ops:deploys",
                    "data", 1));
            assertThat(ask(admin, "type", "subscribe", "id", "s", "channel", "ops:deploys").path("type").asText())
                    .isEqualTo("subscribed");
        }
    }

    @Test
    void ownerRulesLetOnlyTheNamedClientInAndAnyoneWriteToAnInbox() {
        try (TestClient alice = as("alice", false); TestClient bob = as("bob", false);
             TestClient admin = as("root", true)) {
            assertThat(ask(alice, "type", "subscribe", "id", "s", "channel", "inbox:alice").path("type").asText())
                    .isEqualTo("subscribed");
            assertForbiddenAndStillConnected(bob, ask(bob, "type", "subscribe", "id", "s", "channel", "inbox:alice"));
            assertForbiddenAndStillConnected(admin, ask(admin, "type", "subscribe", "id", "s",
                    "channel", "inbox:alice"));

            assertThat(ask(bob, "type", "publish", "id", "p", "channel", "inbox:alice", "data", "psst")
                    .path("type").asText()).isEqualTo("ack");
            JsonNode dm = alice.next("event");
            assertThat(dm.path("data").asText()).isEqualTo("psst");
            assertThat(dm.path("from").asText()).isEqualTo("bob");

            // home: owner for both directions.
            assertForbiddenAndStillConnected(bob, ask(bob, "type", "publish", "id", "p2", "channel", "home:alice",
                    "data", 1));
            assertThat(ask(alice, "type", "publish", "id", "p2", "channel", "home:alice", "data", 1).path("type")
                    .asText()).isEqualTo("ack");
        }
    }

    @Test
    void anApiOnlyNamespaceRefusesEveryWebSocketPublisherButTheApiReachesItsSubscribers() {
        try (TestClient user = as("alice", false); TestClient admin = as("root", true)) {
            assertThat(ask(user, "type", "subscribe", "id", "s", "channel", "feed:prices").path("type").asText())
                    .isEqualTo("subscribed");
            assertForbiddenAndStillConnected(user, ask(user, "type", "publish", "id", "p", "channel", "feed:prices",
                    "data", 1));
            assertForbiddenAndStillConnected(admin, ask(admin, "type", "publish", "id", "p", "channel", "feed:prices",
                    "data", 1));

            ApiClient.Answer a = new ApiClient(port(), API_KEY).post("/api/publish",
                    ApiClient.json("channel", "feed:prices", "event", "tick", "data", Map.of("eur", 1.08)));
            assertThat(a.status()).isEqualTo(200);
            JsonNode ev = user.next("event");
            assertThat(ev.path("channel").asText()).isEqualTo("feed:prices");
            assertThat(ev.path("event").asText()).isEqualTo("tick");
            assertThat(ev.has("from")).as("API events carry no from").isFalse();
        }
    }
}
