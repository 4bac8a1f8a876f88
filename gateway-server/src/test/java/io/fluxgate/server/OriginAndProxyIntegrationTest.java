package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.fluxgate.server.ws.WebSocketHandler;
import io.fluxgate.session.ClientSession;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code server.allowedOrigins} and {@code server.trustedProxies} at the handshake, over real sockets. */
class OriginAndProxyIntegrationTest extends GatewayTestBase {

    private String ipOf(String clientId) {
        Await.until(() -> server.services().registry().all().stream()
                .anyMatch(s -> s.principal().clientId().equals(clientId)), Duration.ofSeconds(5), clientId + " open");
        return server.services().registry().all().stream().filter(s -> s.principal().clientId().equals(clientId))
                .map(ClientSession::ip).findFirst().orElseThrow();
    }

    @Test
    void aPresentUnlistedOriginGets403AndListedOrAbsentOnesConnect() {
        start("server:\n  allowedOrigins: ['https://app.example.com', 'http://localhost:3000']\n");
        try (LogCapture logs = LogCapture.of(Level.WARN, WebSocketHandler.class)) {
            assertThat(TestClient.handshakeStatus(port(), "client=a", Map.of("Origin", "https://evil.example")))
                    .isEqualTo(403);
            assertThat(TestClient.handshakeStatus(port(), "client=a", Map.of("Origin", "https://app.example.com.evil")))
                    .isEqualTo(403);
            assertThat(TestClient.handshakeStatus(port(), "client=a", Map.of("Origin", "null"))).isEqualTo(403);
            logs.await(l -> l.contains("403") && l.contains("'https://evil.example' is not in server.allowedOrigins")
                    && l.contains("client ip 127.0.0.1"), Duration.ofSeconds(5));
        }
        assertThat(TestClient.handshakeStatus(port(), "client=a", Map.of("Origin", "https://app.example.com")))
                .isEqualTo(101);
        assertThat(TestClient.handshakeStatus(port(), "client=a", Map.of("Origin", "HTTP://LOCALHOST:3000")))
                .as("scheme and host compare without case").isEqualTo(101);
        assertThat(TestClient.handshakeStatus(port(), "client=a", Map.of())).as("no Origin: not a browser")
                .isEqualTo(101);
    }

    @Test
    void withoutAnOriginListAnyOriginConnects() {
        start("");
        assertThat(TestClient.handshakeStatus(port(), "client=a", Map.of("Origin", "https://anywhere.example")))
                .isEqualTo(101);
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerIsIgnoredForLimitsAndLogs() {
        start("server:\n  trustedProxies: [10.0.0.0/8]\n  perIp:\n    maxConnections: 1\n");
        try (TestClient first = TestClient.connect(port(), "client=first", Map.of("X-Forwarded-For", "203.0.113.1"))) {
            assertThat(ipOf("first")).isEqualTo("127.0.0.1");
            try (LogCapture logs = LogCapture.of(Level.WARN, WebSocketHandler.class)) {
                // Another "address" in the header changes nothing: this is still the same peer, at its cap.
                assertThat(TestClient.handshakeStatus(port(), "client=second",
                        Map.of("X-Forwarded-For", "203.0.113.2", "Forwarded", "for=203.0.113.3"))).isEqualTo(429);
                logs.await(l -> l.contains("429") && l.contains("client ip 127.0.0.1"), Duration.ofSeconds(5));
                assertThat(logs.lines()).noneMatch(l -> l.contains("203.0.113"));
            }
        }
    }

    @Test
    void aTrustedProxysForwardedForIsTheClientIpForLimitsAndLogs() {
        start("server:\n  trustedProxies: ['127.0.0.1/32']\n  perIp:\n    maxConnections: 1\n");
        try (TestClient a = TestClient.connect(port(), "client=a", Map.of("X-Forwarded-For", "198.51.100.1"));
             TestClient b = TestClient.connect(port(), "client=b",
                     Map.of("X-Forwarded-For", "6.6.6.6, 198.51.100.2"));
             TestClient c = TestClient.connect(port(), "client=c",
                     Map.of("Forwarded", "for=\"[2001:db8::7]:4711\";proto=https"))) {
            assertThat(ipOf("a")).isEqualTo("198.51.100.1");
            assertThat(ipOf("b")).as("the hop the proxy appended, not the client's own claim").isEqualTo("198.51.100.2");
            assertThat(ipOf("c")).isEqualTo("2001:db8:0:0:0:0:0:7");
            try (LogCapture logs = LogCapture.of(Level.WARN, WebSocketHandler.class)) {
                // 198.51.100.1 is at its per-IP cap; the proxy's own address is not what is counted.
                assertThat(TestClient.handshakeStatus(port(), "client=d", Map.of("X-Forwarded-For", "198.51.100.1")))
                        .isEqualTo(429);
                logs.await(l -> l.contains("429") && l.contains("client ip 198.51.100.1"), Duration.ofSeconds(5));
            }
            assertThat(TestClient.handshakeStatus(port(), "client=e", Map.of("X-Forwarded-For", "198.51.100.9")))
                    .isEqualTo(101);
        }
    }
}
