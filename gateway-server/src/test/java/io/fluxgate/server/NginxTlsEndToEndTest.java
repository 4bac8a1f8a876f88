package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.broker.Publication;
import io.fluxgate.server.ws.WebSocketHandler;
import io.fluxgate.session.ClientSession;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * End to end through a real nginx that terminates TLS with a certificate made for this run, using the shipped
 * {@code deploy/nginx/fluxgate.conf}. Clients connect from their own loopback addresses (127.0.0.7, 127.0.0.8),
 * so the gateway sees nginx (127.0.0.1, trusted) as the peer and must find the client in X-Forwarded-For.
 */
class NginxTlsEndToEndTest extends GatewayTestBase {
    private static final String API_KEY = "e2e-api-key-0123456789";
    private static InetAddress alice;
    private static InetAddress bob;
    private static SSLContext tls;

    @TempDir
    static Path certDir;
    @TempDir
    Path nginxDir;
    private NginxProxy nginx;

    @BeforeAll
    static void tools() throws Exception {
        ProxyTools.assumeInstalled("nginx", "openssl");
        tls = ProxyTools.selfSigned(certDir);
        alice = InetAddress.getByName("127.0.0.7");
        bob = InetAddress.getByName("127.0.0.8");
    }

    @AfterEach
    void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private void startBehindNginx(String limits) throws Exception {
        start(Jwts.authYaml() + "  apiKeys: [" + API_KEY + "]\nserver:\n  trustedProxies: ['127.0.0.1']\n" + limits,
                Schedulers.parallel());
        Files.copy(certDir.resolve("cert.pem"), nginxDir.resolve("cert.pem"));
        Files.copy(certDir.resolve("key.pem"), nginxDir.resolve("key.pem"));
        nginx = NginxProxy.start(nginxDir, port());
    }

    private SocketWsClient wss(InetAddress from, String query, Map<String, String> headers, int receiveBuffer)
            throws Exception {
        return SocketWsClient.tls(tls, from, nginx.port(), "/ws" + (query.isEmpty() ? "" : "?" + query), headers,
                receiveBuffer);
    }

    private static JsonNode json(String text) throws Exception {
        return TestClient.JSON.readTree(text);
    }

    private static JsonNode next(SocketWsClient c, String type) throws Exception {
        while (true) {
            JsonNode n = json(c.readText());
            if (type.equals(n.path("type").asText())) {
                return n;
            }
        }
    }

    private String ipOf(String clientId) {
        Await.until(() -> server.services().registry().all().stream()
                .anyMatch(s -> s.principal().clientId().equals(clientId)), Duration.ofSeconds(10), clientId + " open");
        return server.services().registry().all().stream().filter(s -> s.principal().clientId().equals(clientId))
                .map(ClientSession::ip).findFirst().orElseThrow();
    }

    @Test
    void wssClientsExchangeMessagesAndTheGatewayKnowsAndLogsTheirRealIps() throws Exception {
        startBehindNginx("");
        String aliceToken = Jwts.token("alice", Schedulers.parallel(), 600);
        try (LogCapture logs = LogCapture.of(Level.DEBUG, WebSocketHandler.class);
             // The browser way (token in the query), plus forged forwarding headers that must change nothing.
             SocketWsClient a = wss(alice, "token=" + URLEncoder.encode(aliceToken, StandardCharsets.UTF_8),
                     Map.of("X-Forwarded-For", "6.6.6.6", "Forwarded", "for=6.6.6.6"), 0);
             SocketWsClient b = wss(bob, "", Map.of("Authorization", "Bearer "
                     + Jwts.token("bob", Schedulers.parallel(), 600)), 0)) {
            assertThat(a.status()).startsWith("HTTP/1.1 101");
            assertThat(next(a, "welcome").path("client").asText()).isEqualTo("alice");
            assertThat(next(b, "welcome").path("client").asText()).isEqualTo("bob");

            b.sendText("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"chat:e2e\"}");
            assertThat(next(b, "subscribed").path("channel").asText()).isEqualTo("chat:e2e");
            a.sendText("{\"type\":\"publish\",\"id\":2,\"channel\":\"chat:e2e\",\"data\":{\"text\":\"hello over TLS\"}}");
            assertThat(next(a, "ack").path("seq").asLong()).isEqualTo(1);
            JsonNode ev = next(b, "event");
            assertThat(ev.path("data").path("text").asText()).isEqualTo("hello over TLS");
            assertThat(ev.path("from").asText()).isEqualTo("alice");
            a.sendText("{\"type\":\"ping\",\"id\":\"p\",\"ts\":7}");
            assertThat(next(a, "pong").path("ts").asInt()).isEqualTo(7);

            assertThat(ipOf("alice")).isEqualTo("127.0.0.7");
            assertThat(ipOf("bob")).isEqualTo("127.0.0.8");
            logs.await(l -> l.contains("client alice from 127.0.0.7"), Duration.ofSeconds(5));
            logs.await(l -> l.contains("client bob from 127.0.0.8"), Duration.ofSeconds(5));

            // A refused handshake through nginx: the gateway's 401 reaches the client, logged with the real IP.
            try (SocketWsClient bad = wss(alice, "token=forged.token.value", Map.of(), 0)) {
                assertThat(bad.status()).startsWith("HTTP/1.1 401");
            }
            logs.await(l -> l.startsWith("WARN handshake refused: 401") && l.contains("client ip 127.0.0.7"),
                    Duration.ofSeconds(5));
            assertThat(logs.lines()).noneMatch(l -> l.contains(aliceToken.substring(aliceToken.lastIndexOf('.') + 1)));
        }
        HttpClient https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> ready = https.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + nginx.port() + "/ready")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\":true");
        // nginx logs a WebSocket request when it ends: the path, never the token in its query string.
        Await.until(() -> nginx.accessLog().contains("\"GET /ws HTTP/1.1\" 101"), Duration.ofSeconds(10),
                "nginx access log lines for the sessions");
        assertThat(nginx.accessLog()).contains("127.0.0.7").contains("\"GET /ws HTTP/1.1\" 401")
                .doesNotContain("token=").doesNotContain(aliceToken);
    }

    @Test
    void aSlowConsumerSees4009ThroughNginxAfterAnInOrderPrefix() throws Exception {
        startBehindNginx("limits:\n  outboundBufferMessages: 64\n  outboundBufferBytes: 262144\n"
                + "channels:\n  default:\n    history: 8\n");
        JsonNode pad = TestClient.JSON.getNodeFactory().textNode("x".repeat(16_000));
        // A small receive buffer so the kernel stops absorbing early; the gateway's bound is what gives.
        try (SocketWsClient slow = wss(alice, "", Map.of("Authorization", "Bearer "
                + Jwts.token("slow", Schedulers.parallel(), 600)), 4096)) {
            next(slow, "welcome");
            slow.sendText("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"firehose\"}");
            next(slow, "subscribed");
            ClientSession session = server.services().registry().all().stream()
                    .filter(s -> s.principal().clientId().equals("slow")).findFirst().orElseThrow();
            int published = 0;
            while (published < 20_000 && !session.isClosing()) {
                server.services().broker().publish(new Publication("firehose", pad, null, null, null))
                        .block(Duration.ofSeconds(10));
                published++;
                // Publish at the pace the socket takes while it takes anything (so a prefix really travels),
                // then keep going once nginx and the kernel buffers are full, until the gateway's bound gives.
                long until = System.nanoTime() + (published < 10 ? 2_000_000_000L : 20_000_000L);
                while (session.queuedMessages() > 0 && System.nanoTime() < until) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }
            assertThat(published).as("the slow consumer was cut off").isLessThan(20_000);
            long last = 0;
            int code;
            while (true) {
                RawWsClient.Frame f = slow.read();
                if (f.opcode() == RawWsClient.CLOSE) {
                    code = f.closeCode();
                    break;
                }
                if (f.opcode() == RawWsClient.TEXT) {
                    JsonNode n = json(f.text());
                    assertThat(n.path("seq").asLong()).isEqualTo(last + 1);
                    last = n.path("seq").asLong();
                }
            }
            assertThat(code).isEqualTo(4009);
            assertThat(last).isPositive().isLessThan(published);
        }
    }

    @Test
    void apiDisconnectCodesAndTheDrain1001PassNginxUnchanged() throws Exception {
        startBehindNginx("");
        try (SocketWsClient kicked = wss(alice, "", Map.of("Authorization", "Bearer "
                + Jwts.token("kicked", Schedulers.parallel(), 600)), 0);
             SocketWsClient stays = wss(bob, "", Map.of("Authorization", "Bearer "
                     + Jwts.token("stays", Schedulers.parallel(), 600)), 0)) {
            next(kicked, "welcome");
            next(stays, "welcome");
            ApiClient.Answer d = new ApiClient(port(), API_KEY).post("/api/disconnect",
                    ApiClient.json("client", "kicked", "code", 4100, "reason", "account suspended"));
            assertThat(d.json().path("disconnected").asInt()).isEqualTo(1);
            RawWsClient.Frame close = readUntilClose(kicked);
            assertThat(close.closeCode()).isEqualTo(4100);
            assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                    .isEqualTo("account suspended");

            CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(5)));
            assertThat(readUntilClose(stays).closeCode()).isEqualTo(1001);
            drain.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static RawWsClient.Frame readUntilClose(SocketWsClient c) throws Exception {
        while (true) {
            RawWsClient.Frame f = c.read();
            if (f.opcode() == RawWsClient.CLOSE) {
                return f;
            }
        }
    }
}
