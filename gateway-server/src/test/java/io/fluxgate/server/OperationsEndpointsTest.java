package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.server.metrics.PrometheusText;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** /health, /ready and /metrics: where they are served (main port or admin port only) and readiness under drain. */
class OperationsEndpointsTest extends GatewayTestBase {

    @Test
    void withoutAnAdminPortTheEndpointsAreOnTheMainPort() {
        start("");
        assertThat(server.adminPort()).isEqualTo(-1);
        assertThat(HttpProbe.status(port(), "/health")).isEqualTo(200);
        assertThat(HttpProbe.status(port(), "/ready")).isEqualTo(200);
        assertThat(HttpProbe.status(port(), "/metrics")).isEqualTo(200);
    }

    @Test
    void anAdminPortMovesTheEndpointsThereOnly() {
        start("server:\n  adminPort: 0\n");
        int admin = server.adminPort();
        assertThat(admin).isPositive().isNotEqualTo(port());
        for (String path : new String[] {"/health", "/ready", "/metrics"}) {
            assertThat(HttpProbe.status(port(), path)).as("main port " + path).isEqualTo(404);
            assertThat(HttpProbe.status(admin, path)).as("admin port " + path).isEqualTo(200);
        }
        // The main port still serves WebSockets; the admin port does not.
        try (TestClient c = connect("client=main")) {
            assertThat(c.next("welcome").path("client").asText()).isEqualTo("main");
        }
        assertThat(HttpProbe.status(admin, "/ws")).isEqualTo(404);
        HttpResponse<String> metrics = HttpProbe.get(admin, "/metrics");
        assertThat(metrics.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        PrometheusText.parse(metrics.body());
        JsonNode health = json(HttpProbe.get(admin, "/health"));
        assertThat(health.path("status").asText()).isEqualTo("up");
    }

    @Test
    void readinessNamesEachCheckAndTurns503WhenADrainStarts() {
        start("server:\n  adminPort: 0\n");
        int admin = server.adminPort();
        HttpResponse<String> ok = HttpProbe.get(admin, "/ready");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(ok);
        assertThat(body.path("ready").asBoolean()).isTrue();
        assertThat(body.path("checks").path("draining").path("ok").asBoolean()).isTrue();
        assertThat(body.path("checks").path("draining").has("detail")).isFalse();

        TestClient idle = connect("client=idle");
        idle.next("welcome");
        idle.pause();
        assertThat(json(HttpProbe.get(admin, "/ready")).path("connections").asInt()).isEqualTo(1);
        // The paused client keeps the drain going, and the admin port answers until the drain ends.
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(5)));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<String> draining = HttpProbe.get(admin, "/ready");
        while (draining.statusCode() == 200 && System.nanoTime() < deadline) {
            draining = HttpProbe.get(admin, "/ready");
        }
        assertThat(draining.statusCode()).isEqualTo(503);
        JsonNode d = json(draining);
        assertThat(d.path("ready").asBoolean()).isFalse();
        assertThat(d.path("checks").path("draining").path("ok").asBoolean()).isFalse();
        assertThat(d.path("checks").path("draining").path("detail").asText()).isEqualTo("shutting down");
        assertThat(HttpProbe.status(admin, "/health")).isEqualTo(200);
        idle.resume();
        assertThat(idle.awaitClose()).isEqualTo(1001);
        stopping.join();
        server = null;
        // Both listeners are gone once the gateway stopped.
        assertThat(HttpProbe.status(admin, "/health")).isEqualTo(-1);
    }

    @Test
    void anAdminPortThatIsTakenFailsStartUpAndReleasesTheMainPort() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(
                    "server:\n  adminPort: " + taken.getLocalPort() + "\n")).isInstanceOf(RuntimeException.class);
            server = null;
        }
    }

    private static JsonNode json(HttpResponse<String> res) {
        try {
            return TestClient.JSON.readTree(res.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + res.body(), e);
        }
    }
}
