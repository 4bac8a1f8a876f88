package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.fluxgate.server.auth.JwtAuthenticator;
import io.fluxgate.server.ws.WebSocketHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Auth mode over real sockets: every refused handshake, both token carriers, expiry and refresh on virtual time. */
class JwtAuthIntegrationTest extends GatewayTestBase {
    /** Heartbeats far away, so advancing virtual time exercises only token expiry. */
    private static final String YAML = Jwts.authYaml() + "heartbeat:\n  interval: 1h\n  timeout: 1h\n";
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    private int status(String query, Map<String, String> headers) {
        return TestClient.handshakeStatus(port(), query, headers);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String q(String token) {
        return "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    @Test
    void everyBadTokenGets401BeforeTheUpgradeAndIsLoggedWithReasonAndIpButNeverTheToken() {
        start(YAML, clock);
        JWTClaimsSet good = Jwts.claims("alice", clock, 300).build();
        String badSignature = Jwts.hs256(good, Jwts.OTHER_SECRET);
        String expired = Jwts.hs256(Jwts.claims("alice", clock, -60).build(), Jwts.SECRET);
        String none = Jwts.unsigned(good);
        String hs512 = Jwts.sign(JWSAlgorithm.HS512, good, Jwts.SECRET);
        try (LogCapture logs = LogCapture.of(Level.WARN, WebSocketHandler.class)) {
            assertThat(status("", Map.of())).as("no token").isEqualTo(401);
            assertThat(status("client=alice", Map.of())).as("open-mode id is no credential").isEqualTo(401);
            assertThat(status("", bearer("not-a-jwt"))).as("garbage").isEqualTo(401);
            assertThat(status(q("x.y.z"), Map.of())).as("garbage in the query").isEqualTo(401);
            assertThat(status("", bearer(badSignature))).as("bad signature").isEqualTo(401);
            assertThat(status("", bearer(expired))).as("expired").isEqualTo(401);
            assertThat(status("", bearer(none))).as("alg none").isEqualTo(401);
            assertThat(status(q(hs512), Map.of())).as("HS512 with the right secret").isEqualTo(401);
            assertThat(status("", Map.of("Authorization", "Basic YWxpY2U6cHc="))).as("not Bearer").isEqualTo(401);

            logs.await(l -> l.contains("token expired"), Duration.ofSeconds(5));
            assertThat(logs.lines()).filteredOn(l -> l.startsWith("WARN handshake refused: 401")).hasSize(9);
            assertThat(logs.lines()).anyMatch(l -> l.contains("missing token") && l.contains("client ip 127.0.0.1"));
            assertThat(logs.lines()).anyMatch(l -> l.contains("bad token signature"));
            assertThat(logs.lines()).anyMatch(l -> l.contains("unsigned token (alg none) refused"));
            assertThat(logs.lines()).anyMatch(l -> l.contains("token algorithm HS512 refused"));
            for (String token : new String[] {badSignature, expired, none, hs512}) {
                for (String part : token.split("\\.")) {
                    assertThat(logs.lines()).noneMatch(l -> l.contains(part));
                }
            }
        }
        assertThat(server.services().registry().size()).isZero();
    }

    @Test
    void aValidTokenInTheHeaderOrTheQueryConnectsAsItsSub() {
        start(YAML, clock);
        try (TestClient h = TestClient.connect(port(), "", bearer(Jwts.token("alice", clock, 300)));
             TestClient q = TestClient.connect(port(), q(Jwts.admin("ops-1", clock, 300)) + "&client=ignored", Map.of())) {
            assertThat(h.next("welcome").path("client").asText()).isEqualTo("alice");
            assertThat(q.next("welcome").path("client").asText()).isEqualTo("ops-1");
        }
    }

    @Test
    void aTokenThatExpiresDuringTheConnectionClosesIt4001() {
        start(YAML, clock);
        try (TestClient c = TestClient.connect(port(), "", bearer(Jwts.token("alice", clock, 60)))) {
            c.next("welcome");
            // Still inside exp + the clock-skew allowance: the connection lives and answers.
            clock.advanceTimeBy(Duration.ofSeconds(60).plus(JwtAuthenticator.CLOCK_SKEW).minusSeconds(2));
            c.send("type", "ping", "id", "alive");
            assertThat(c.next("pong").path("id").asText()).isEqualTo("alive");
            assertThat(c.isClosed()).isFalse();
            clock.advanceTimeBy(Duration.ofSeconds(3));
            assertThat(c.awaitClose()).isEqualTo(4001);
        }
    }

    @Test
    void aRefreshForTheSameSubKeepsTheConnectionPastTheOldExpiryAndOthersAreRefused() {
        start(YAML, clock);
        long t0 = clock.now(java.util.concurrent.TimeUnit.SECONDS);
        try (TestClient c = TestClient.connect(port(), "", bearer(Jwts.token("alice", clock, 60)))) {
            c.next("welcome");
            c.send("type", "refresh", "id", "r1", "token", Jwts.token("alice", clock, 600));
            JsonNode refreshed = c.next("refreshed");
            assertThat(refreshed.path("id").asText()).isEqualTo("r1");
            assertThat(refreshed.path("exp").asLong()).isEqualTo(t0 + 600);

            // A token for someone else, a forged one and an expired one change nothing.
            c.send("type", "refresh", "id", "r2", "token", Jwts.token("mallory", clock, 6000));
            JsonNode other = c.next("error");
            assertThat(other.path("code").asText()).isEqualTo("forbidden");
            assertThat(other.path("id").asText()).isEqualTo("r2");
            assertThat(other.path("message").asText()).contains("another client");
            c.send("type", "refresh", "id", "r3", "token", Jwts.hs256(Jwts.claims("alice", clock, 6000).build(),
                    Jwts.OTHER_SECRET));
            assertThat(c.next("error").path("message").asText()).contains("bad token signature");

            clock.advanceTimeBy(Duration.ofSeconds(300));
            c.send("type", "ping", "id", "after-old-exp");
            assertThat(c.next("pong").path("id").asText()).isEqualTo("after-old-exp");
            assertThat(c.isClosed()).isFalse();

            // The refused refreshes did not extend anything: the refreshed exp (600 s) is the deadline.
            clock.advanceTimeBy(Duration.ofSeconds(301).plus(JwtAuthenticator.CLOCK_SKEW));
            assertThat(c.awaitClose()).isEqualTo(4001);
        }
    }

    @Test
    void refreshInOpenModeIsForbiddenAndTheConnectionStays() {
        start("", clock);
        try (TestClient c = connect("client=dev")) {
            c.next("welcome");
            c.send("type", "refresh", "id", 1, "token", Jwts.token("dev", clock, 60));
            JsonNode e = c.next("error");
            assertThat(e.path("code").asText()).isEqualTo("forbidden");
            c.send("type", "ping", "id", 2);
            assertThat(c.next("pong").path("id").asInt()).isEqualTo(2);
        }
    }
}
