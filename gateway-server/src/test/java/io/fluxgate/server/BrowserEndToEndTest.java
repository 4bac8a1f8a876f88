package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A real browser as the client: Debian's headless Chromium loads a page from a loopback page server, and the page's
 * own JavaScript talks to the gateway with {@code new WebSocket(".../ws?token=<jwt>")}, the only way a browser can
 * present a token. This proves what exists only for browsers: the {@code ?token=} carrier, the {@code Origin} the
 * browser itself sets (and cannot be made to fake) checked against {@code server.allowedOrigins}, and UTF-8 text
 * frames as a browser encodes and decodes them. The page POSTs what it saw back to the page server.
 */
class BrowserEndToEndTest extends GatewayTestBase {
    /** Whole class under this, whatever the machine's load; a case waits at most {@link #CASE_BUDGET} of it. */
    private static final Duration CLASS_BUDGET = Duration.ofSeconds(45);
    private static final Duration CASE_BUDGET = Duration.ofSeconds(20);
    /** Latin accents, CJK, a symbol, an astral-plane emoji (a surrogate pair in JS), JSON and HTML specials. */
    private static final String TEXT = "Gr\u00fc\u00dfe, \u65e5\u672c\u8a9e \u2713 \ud83d\ude80 \"q\" \\ </script>";
    private static final String CLIENT = "browser-1";
    /** Non-ASCII escaped, so the page source is ASCII and Unicode enters only through JS strings. */
    private static final ObjectMapper ASCII_JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static String pageTemplate;
    private static long classDeadline;

    private final Scheduler clock = Schedulers.parallel();
    private BrowserPageServer pages;
    private RootLogCapture logs;
    private int runs;

    @TempDir
    Path browserDir;

    @BeforeAll
    static void pageAndBudget() throws IOException {
        try (InputStream in = BrowserEndToEndTest.class.getResourceAsStream("browser-e2e.html")) {
            pageTemplate = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        classDeadline = System.nanoTime() + CLASS_BUDGET.toNanos();
    }

    @BeforeEach
    void pageServerAndGateway() throws IOException {
        // Per test, not in @BeforeAll: surefire shows a class-level skip as "Tests run: 0" and drops the message.
        HeadlessChromium.assumeInstalled();
        // Every logger's output at its level; the gateway's own at TRACE, the lowest logging.level can set.
        logs = RootLogCapture.of(Level.TRACE, "io.fluxgate");
        pages = BrowserPageServer.start();
        start(Jwts.authYaml() + "server:\n  allowedOrigins: ['" + pages.origin() + "']\n", clock);
    }

    @AfterEach
    void stopPagesAndLogs() {
        if (pages != null) {
            pages.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void aPageFromAnAllowedOriginConnectsWithTheQueryTokenAndGetsItsOwnEventWithUnicodeIntact() throws Exception {
        String token = Jwts.token(CLIENT, clock, 300);

        JsonNode r = runPage(pages, token);

        assertThat(r.path("scriptError").isMissingNode()).as("page script error: %s", r).isTrue();
        assertThat(r.path("opened").asBoolean()).as("onopen fired: %s", r).isTrue();
        assertThat(r.path("error").isMissingNode()).as("no error envelope: %s", r).isTrue();
        JsonNode welcome = r.path("welcome");
        assertThat(welcome.path("client").asText()).as("client id is the token's sub").isEqualTo(CLIENT);
        assertThat(welcome.path("protocol").asInt()).isEqualTo(1);
        assertThat(welcome.path("session").asText()).isNotEmpty();
        assertThat(r.path("subscribed").path("channel").asText()).isEqualTo("chat:browser");
        assertThat(r.path("subscribed").path("seq").asLong()).isZero();
        assertThat(r.path("ack").path("id").asText()).isEqualTo("p1");
        assertThat(r.path("ack").path("seq").asLong()).isEqualTo(1);
        JsonNode event = r.path("event");
        assertThat(event.path("channel").asText()).isEqualTo("chat:browser");
        assertThat(event.path("seq").asLong()).isEqualTo(1);
        assertThat(event.path("epoch").asText()).isEqualTo(r.path("subscribed").path("epoch").asText());
        assertThat(event.path("event").asText()).isEqualTo("greeting");
        assertThat(event.path("from").asText()).isEqualTo(CLIENT);
        assertThat(event.path("data").path("n").asInt()).isEqualTo(42);
        assertThat(event.path("data").path("text").asText()).as("text after browser -> gateway -> browser")
                .isEqualTo(TEXT);
        assertThat(r.path("textRoundTrip").asBoolean()).as("the page's own comparison").isTrue();
        assertThat(r.path("frames").toString()).startsWith("[\"welcome\",\"subscribed\"");
        assertThat(r.path("closeCode").asInt()).as("normal close, echoed by the gateway").isEqualTo(1000);

        // The session was real on the gateway's side: it opened and finished under the token's sub.
        awaitLine(l -> l.contains("session ") && l.contains("opened: client " + CLIENT + " from 127.0.0.1"));
        awaitLine(l -> l.contains("connection closed client=" + CLIENT) && l.contains("in=2")
                && l.contains("close=client"));
        assertTokenNeverLogged(token);
    }

    @Test
    void aPageFromAnOriginNotInTheListNeverOpensAndTheGatewayLogs403() throws Exception {
        String token = Jwts.token(CLIENT, clock, 300); // a good token: the origin alone is what is refused
        try (BrowserPageServer foreign = BrowserPageServer.start()) {
            JsonNode r = runPage(foreign, token);

            assertRefusedInTheBrowser(r);
            awaitLine(l -> l.startsWith("WARN io.fluxgate.server.ws.WebSocketHandler - handshake refused: 403")
                    && l.contains("'" + foreign.origin() + "' is not in server.allowedOrigins")
                    && l.contains("client ip 127.0.0.1"));
        }
        assertThat(logs.lines()).noneMatch(l -> l.contains("handshake refused: 401"));
        assertThat(server.services().registry().size()).isZero();
        assertTokenNeverLogged(token);
    }

    @Test
    void aPageWithABadTokenNeverOpensTheGatewayLogs401AndTheTokenIsNeverLogged() throws Exception {
        String forged = Jwts.hs256(Jwts.claims(CLIENT, clock, 300).build(), Jwts.OTHER_SECRET);
        String expired = Jwts.token(CLIENT, clock, -120);

        assertRefusedInTheBrowser(runPage(pages, forged));
        assertRefusedInTheBrowser(runPage(pages, expired));

        awaitLine(l -> l.contains("handshake refused: 401 bad token signature (client ip 127.0.0.1)"));
        awaitLine(l -> l.contains("handshake refused: 401 token expired (client ip 127.0.0.1)"));
        assertThat(logs.lines()).noneMatch(l -> l.contains("handshake refused: 403"));
        assertThat(server.services().registry().size()).isZero();
        assertTokenNeverLogged(forged);
        assertTokenNeverLogged(expired);
    }

    /** Serves the page for {@code token} on {@code from}, runs Chromium on it, returns the page's report. */
    private JsonNode runPage(BrowserPageServer from, String token) throws Exception {
        Map<String, String> cfg = Map.of("url", "ws://127.0.0.1:" + port() + "/ws?token=" + token,
                "channel", "chat:browser", "text", TEXT);
        // Also escape '<' so nothing in the config can end the <script> element early.
        String json = ASCII_JSON.writeValueAsString(cfg).replace("<", "\\u003c");
        BrowserPageServer.Page page = from.serve(pageTemplate.replace("/*CONFIG*/null", json));
        try (HeadlessChromium chromium = HeadlessChromium.open(page.url(), browserDir.resolve("run-" + ++runs))) {
            String report = page.awaitReport(caseBudget(), chromium::describe);
            return TestClient.JSON.readTree(report);
        }
    }

    private static Duration caseBudget() {
        Duration left = Duration.ofNanos(classDeadline - System.nanoTime());
        assertThat(left.isNegative()).as("the class's %s budget is spent", CLASS_BUDGET).isFalse();
        return left.compareTo(CASE_BUDGET) < 0 ? left : CASE_BUDGET;
    }

    private static void assertRefusedInTheBrowser(JsonNode r) {
        assertThat(r.path("scriptError").isMissingNode()).as("page script error: %s", r).isTrue();
        assertThat(r.path("opened").asBoolean()).as("onopen must not fire: %s", r).isFalse();
        assertThat(r.path("frames").size()).as("no frame, not even welcome: %s", r).isZero();
        assertThat(r.path("closeCode").asInt()).as("a failed handshake closes 1006 in the browser").isEqualTo(1006);
    }

    /** Log lines arrive from event loops: waits for one, and fails with everything captured. */
    private void awaitLine(Predicate<String> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (logs.lines().stream().noneMatch(match)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching log line within 10 s; got:\n" + String.join("\n", logs.lines()));
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** Neither the token nor any of its three parts in any captured line of any logger. */
    private void assertTokenNeverLogged(String token) {
        List<String> lines = logs.lines();
        assertThat(lines).as("something was captured at all").isNotEmpty();
        assertThat(lines).noneMatch(l -> l.contains(token));
        for (String part : token.split("\\.")) {
            assertThat(lines).noneMatch(l -> l.contains(part));
        }
    }
}
