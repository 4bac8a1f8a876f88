package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.session.ClientSession;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/**
 * End to end through a real HAProxy with the shipped {@code deploy/haproxy/haproxy.cfg}: TLS termination, the
 * upgrade, X-Forwarded-For appended and a client's Forwarded dropped, the /ready health check, /api/* kept
 * private, the token kept out of the log, and the gateway's close codes unchanged.
 */
class HaproxyTlsEndToEndTest extends GatewayTestBase {
    private static SSLContext tls;
    @TempDir
    static Path dir;
    private HaproxyProxy haproxy;

    @BeforeAll
    static void tools() throws Exception {
        ProxyTools.assumeInstalled("haproxy", "openssl");
        tls = ProxyTools.selfSigned(dir);
    }

    @AfterEach
    void stopHaproxy() {
        if (haproxy != null) {
            haproxy.close();
        }
    }

    private static JsonNode next(SocketWsClient c, String type) throws Exception {
        while (true) {
            JsonNode n = TestClient.JSON.readTree(c.readText());
            if (type.equals(n.path("type").asText())) {
                return n;
            }
        }
    }

    @Test
    void wssThroughHaproxyKeepsTheRealIpTheTokenOutOfTheLogAndTheCloseCodes() throws Exception {
        start(Jwts.authYaml() + "  apiKeys: [haproxy-api-key-0123456789]\nserver:\n  trustedProxies: ['127.0.0.1']\n",
                Schedulers.parallel());
        haproxy = HaproxyProxy.start(dir, port());
        HttpClient https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        // The health check marks the node up only while /ready says 200.
        Await.until(() -> get(https, "/ready") == 200, Duration.ofSeconds(15), "/ready through haproxy");
        assertThat(get(https, "/api/channels")).as("the API is not public").isEqualTo(404);

        String token = Jwts.token("carol", Schedulers.parallel(), 600);
        try (SocketWsClient c = SocketWsClient.tls(tls, InetAddress.getByName("127.0.0.9"), haproxy.port(),
                "/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                Map.of("X-Forwarded-For", "6.6.6.6", "Forwarded", "for=6.6.6.6"), 0)) {
            assertThat(c.status()).startsWith("HTTP/1.1 101");
            assertThat(next(c, "welcome").path("client").asText()).isEqualTo("carol");
            c.sendText("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"news\"}");
            next(c, "subscribed");
            c.sendText("{\"type\":\"publish\",\"id\":2,\"channel\":\"news\",\"data\":\"via haproxy\"}");
            assertThat(next(c, "event").path("data").asText()).isEqualTo("via haproxy");
            assertThat(server.services().registry().all().stream().map(ClientSession::ip))
                    .containsExactly("127.0.0.9");

            CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(5)));
            RawWsClient.Frame f = c.read();
            while (f.opcode() != RawWsClient.CLOSE) {
                f = c.read();
            }
            assertThat(f.closeCode()).isEqualTo(1001);
            drain.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        Await.until(() -> haproxy.log().contains("GET /ws HTTP/1.1"), Duration.ofSeconds(10),
                "haproxy's log line for the session");
        assertThat(haproxy.log()).contains("127.0.0.9").doesNotContain("token=").doesNotContain(token);
    }

    private int get(HttpClient https, String path) {
        try {
            return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + haproxy.port() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
