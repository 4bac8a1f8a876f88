package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server HTTP API over real sockets: access, errors, body cap, and its effects on WebSocket clients. */
class ApiIntegrationTest extends GatewayTestBase {
    private static final String KEY = "backend-key-0123456789abcdef";
    private static final String KEYED = "auth:\n  apiKeys: [other-key-0123456789abc, " + KEY + "]\n"
            + "limits:\n  maxApiBodyBytes: 1024\n  ratePerSecond: 1\n  burst: 1\n";

    private ApiClient api() {
        return new ApiClient(port(), KEY);
    }

    private static void assertError(ApiClient.Answer a, int status, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json().path("code").asText()).as(a.body()).isEqualTo(code);
        assertThat(a.json().path("message").asText()).isNotBlank();
    }

    @Test
    void aMissingOrWrongKeyIs401OnEveryEndpoint() {
        start(KEYED);
        ApiClient none = new ApiClient(port(), null);
        ApiClient wrong = new ApiClient(port(), "backend-key-0123456789abcdeX");
        for (ApiClient c : List.of(none, wrong)) {
            assertError(c.post("/api/publish", ApiClient.json("channel", "a", "data", 1)), 401, "unauthorized");
            assertError(c.post("/api/disconnect", ApiClient.json("client", "a")), 401, "unauthorized");
            assertError(c.get("/api/channels"), 401, "unauthorized");
            assertError(c.get("/api/history?channel=a"), 401, "unauthorized");
            assertError(c.get("/api/nope"), 401, "unauthorized");
        }
        assertThat(none.get("/api/channels").body()).contains("missing API key");
        assertThat(wrong.get("/api/channels").body()).contains("unknown API key");
        assertError(none.get("/api/channels", Map.of("Authorization", "Basic " + KEY)), 401, "unauthorized");
        assertThat(new ApiClient(port(), "other-key-0123456789abc").get("/api/channels").status()).isEqualTo(200);
        assertThat(api().get("/api/channels").status()).isEqualTo(200);
    }

    @Test
    void badRequestsGet400WithTheWebSocketErrorCodes() {
        start(KEYED);
        assertError(api().post("/api/publish", "{\"channel\":"), 400, "invalid_json");
        assertError(api().post("/api/publish", "{\"channel\":\"a\",\"channel\":\"b\",\"data\":1}"), 400, "invalid_json");
        assertError(api().post("/api/publish", "[1,2]"), 400, "invalid_message");
        assertError(api().post("/api/publish", ApiClient.json("channel", "a")), 400, "invalid_message");
        assertError(api().post("/api/publish", ApiClient.json("channel", 7, "data", 1)), 400, "invalid_message");
        assertError(api().post("/api/publish", ApiClient.json("channel", "a", "data", 1, "event", "")), 400,
                "invalid_message");
        assertError(api().post("/api/publish", ApiClient.json("channel", "chat:", "data", 1)), 400, "invalid_channel");
        assertThat(api().post("/api/publish", ApiClient.json("channel", "a", "data", 1),
                Map.of("Content-Type", "application/x-www-form-urlencoded")).status()).as("curl -d").isEqualTo(200);
        assertError(api().post("/api/disconnect", ApiClient.json("code", 4003)), 400, "invalid_message");
        assertError(api().post("/api/disconnect", ApiClient.json("client", "a", "code", 1000)), 400, "invalid_message");
        assertError(api().post("/api/disconnect", ApiClient.json("client", "a", "code", 5000)), 400, "invalid_message");
        assertError(api().post("/api/disconnect", ApiClient.json("client", "a", "code", "4003")), 400,
                "invalid_message");
        assertError(api().post("/api/disconnect", ApiClient.json("client", "a", "reason", "x".repeat(124))), 400,
                "invalid_message");
        assertError(api().get("/api/history"), 400, "invalid_message");
        assertError(api().get("/api/history?channel=%24"), 400, "invalid_channel");
        assertError(api().get("/api/history?channel=a&since=-1"), 400, "invalid_message");
        assertError(api().get("/api/history?channel=a&limit=0"), 400, "invalid_message");
        assertError(api().get("/api/history?channel=a&limit=1001"), 400, "invalid_message");
    }

    @Test
    void unknownEndpointsAndChannelsAre404() {
        start(KEYED);
        assertError(api().get("/api/nope"), 404, "not_found");
        assertError(api().get("/api/publish"), 404, "not_found");
        assertError(api().post("/api/channels", "{}"), 404, "not_found");
        assertError(api().get("/api/history?channel=never-used"), 404, "not_found");
    }

    @Test
    void aBodyOverTheCapIs413WhetherDeclaredOrStreamed() throws Exception {
        start(KEYED);
        // Declared too large: refused on the headers alone, before the client sends a byte of body.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /api/publish HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("\"code\":\"too_large\"");
        }
        // Chunked, no length: counted while it arrives.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/publish HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String chunk = "{\"channel\":\"big\",\"data\":\"" + "x".repeat(600);
            out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(("258\r\n" + "y".repeat(600) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readResponse(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("\"code\":\"too_large\"");
        }
        // Exactly at the cap is fine.
        String data = "z".repeat(1024 - ApiClient.json("channel", "big", "data", "").length());
        assertThat(api().post("/api/publish", ApiClient.json("channel", "big", "data", data)).status()).isEqualTo(200);
        assertThat(server.services().broker().history("big", 0, 10).block().events()).hasSize(1);
    }

    @Test
    void aPublishReachesWebSocketSubscribersWithoutFromAndKeysDeduplicate() {
        start(KEYED);
        try (TestClient sub = connect("client=watcher")) {
            sub.send("type", "subscribe", "channel", "alerts:ops");
            sub.next("subscribed");
            ApiClient.Answer a = api().post("/api/publish", ApiClient.json("channel", "alerts:ops", "event", "disk",
                    "key", "disk-1", "data", Map.of("level", "warn", "pct", 91)));
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.json().path("channel").asText()).isEqualTo("alerts:ops");
            assertThat(a.json().path("seq").asLong()).isEqualTo(1);
            String epoch = a.json().path("epoch").asText();
            assertThat(epoch).isNotBlank();
            JsonNode ev = sub.next("event");
            assertThat(ev.path("seq").asLong()).isEqualTo(1);
            assertThat(ev.path("epoch").asText()).isEqualTo(epoch);
            assertThat(ev.path("event").asText()).isEqualTo("disk");
            assertThat(ev.path("data").path("pct").asInt()).isEqualTo(91);
            assertThat(ev.has("from")).isFalse();

            ApiClient.Answer again = api().post("/api/publish", ApiClient.json("channel", "alerts:ops", "event", "disk",
                    "key", "disk-1", "data", Map.of("level", "warn", "pct", 91)));
            assertThat(again.json().path("seq").asLong()).as("same key, same seq").isEqualTo(1);
            // Not charged to anyone's rate limit (burst 1 here) and allowed on system channels.
            for (int i = 0; i < 10; i++) {
                assertThat(api().post("/api/publish", ApiClient.json("channel", "alerts:ops", "data", i)).status())
                        .isEqualTo(200);
            }
            assertThat(api().post("/api/publish", ApiClient.json("channel", "$logs", "data", 1)).status())
                    .isEqualTo(200);
            assertThat(sub.take("event", 10).get(9).path("seq").asLong()).isEqualTo(11);
        }
    }

    @Test
    void historyAnswersTheWireEventsAfterSinceUpToLimitAndChannelsListsWhatIsLive() {
        start("auth:\n  apiKeys: [" + KEY + "]\n");
        try (TestClient sub = connect("client=watcher"); TestClient pub = connect("client=pub")) {
            sub.send("type", "subscribe", "channel", "chat:lobby");
            sub.next("subscribed");
            for (int i = 1; i <= 5; i++) {
                pub.send("type", "publish", "channel", "chat:lobby", "data", Map.of("n", i));
                pub.next("ack");
            }
            List<JsonNode> live = sub.take("event", 5);
            ApiClient.Answer h = api().get("/api/history?channel=chat%3Alobby&since=2&limit=2");
            assertThat(h.status()).isEqualTo(200);
            assertThat(h.json().path("epoch").asText()).isEqualTo(live.get(0).path("epoch").asText());
            assertThat(h.json().path("events")).hasSize(2);
            assertThat(h.json().path("events").get(0)).isEqualTo(live.get(2));
            assertThat(h.json().path("events").get(1)).isEqualTo(live.get(3));
            assertThat(api().get("/api/history?channel=chat:lobby").json().path("events")).hasSize(5);
            assertThat(api().get("/api/history?channel=chat:lobby&since=5").json().path("events")).isEmpty();

            ApiClient.Answer ch = api().get("/api/channels");
            assertThat(ch.status()).isEqualTo(200);
            JsonNode lobby = null;
            for (JsonNode c : ch.json()) {
                if (c.path("channel").asText().equals("chat:lobby")) {
                    lobby = c;
                }
            }
            assertThat(lobby).isNotNull();
            assertThat(lobby.path("subscribers").asInt()).isEqualTo(1);
            assertThat(lobby.path("seq").asLong()).isEqualTo(5);
            assertThat(lobby.path("epoch").asText()).isEqualTo(h.json().path("epoch").asText());
        }
    }

    @Test
    void disconnectClosesEveryConnectionOfTheClientWithTheCodeAndReason() throws Exception {
        start(KEYED);
        try (TestClient a1 = connect("client=alice"); TestClient a2 = connect("client=alice");
             TestClient bob = connect("client=bob")) {
            a1.next("welcome");
            a2.next("welcome");
            bob.next("welcome");
            ApiClient.Answer d = api().post("/api/disconnect", ApiClient.json("client", "alice"));
            assertThat(d.status()).isEqualTo(200);
            assertThat(d.json().path("disconnected").asInt()).isEqualTo(2);
            assertThat(a1.awaitClose()).isEqualTo(4003);
            assertThat(a2.awaitClose()).isEqualTo(4003);
            assertThat(bob.isClosed()).isFalse();
        }
        try (RawWsClient raw = new RawWsClient(port(), "client=carol")) {
            raw.read(); // welcome
            ApiClient.Answer d = api().post("/api/disconnect", ApiClient.json("client", "carol", "code", 4100,
                    "reason", "account suspended"));
            assertThat(d.json().path("disconnected").asInt()).isEqualTo(1);
            RawWsClient.Frame close = raw.read();
            while (close.opcode() != RawWsClient.CLOSE) {
                close = raw.read();
            }
            assertThat(close.closeCode()).isEqualTo(4100);
            assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                    .isEqualTo("account suspended");
        }
        assertThat(api().post("/api/disconnect", ApiClient.json("client", "nobody")).json().path("disconnected")
                .asInt()).isZero();
    }

    @Test
    void openModeWithoutKeysServesLoopbackCallersOnlyAndNoBrowsers() throws Exception {
        start("server:\n  trustedProxies: ['127.0.0.1']\n");
        ApiClient local = new ApiClient(port(), null);
        assertThat(local.get("/api/channels").status()).isEqualTo(200);
        assertThat(local.post("/api/publish", ApiClient.json("channel", "a", "data", 1)).status()).isEqualTo(200);
        // Relayed by a (trusted) local proxy for a remote client: not loopback.
        assertError(local.get("/api/channels", Map.of("X-Forwarded-For", "203.0.113.9")), 401, "unauthorized");
        assertError(local.post("/api/publish", ApiClient.json("channel", "a", "data", 1),
                Map.of("Content-Type", "application/json", "Origin", "https://evil.example")), 401, "unauthorized");
        // A page on a rebound DNS name reaches 127.0.0.1 but names its own host.
        assertThat(rawGetStatus("/api/channels", "evil.example:" + port())).isEqualTo(401);
        assertThat(rawGetStatus("/api/channels", "localhost:" + port())).isEqualTo(200);
        assertThat(rawGetStatus("/api/channels", "[::1]:" + port())).isEqualTo(200);
    }

    private int rawGetStatus(String path, String host) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(s.getInputStream());
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    @Test
    void authModeWithoutKeysDisablesTheApi() {
        start(Jwts.authYaml());
        ApiClient.Answer a = new ApiClient(port(), null).get("/api/channels");
        assertError(a, 401, "unauthorized");
        assertThat(a.body()).contains("disabled");
        assertError(new ApiClient(port(), "anything-0123456789").get("/api/channels"), 401, "unauthorized");
    }

    /** Reads one HTTP response: the head, then content-length bytes of body. */
    private static String readResponse(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            b.write(buf, 0, n);
            String s = b.toString(StandardCharsets.UTF_8);
            int head = s.indexOf("\r\n\r\n");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(s);
            if (head > 0 && m.find() && b.size() >= head + 4 + Integer.parseInt(m.group(1))) {
                return s;
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
