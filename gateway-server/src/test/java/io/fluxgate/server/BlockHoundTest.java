package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.netty.http.HttpResources;

/**
 * Guards the event loops: with BlockHound installed, a whole session (handshake, subscribe, publish, fan-out,
 * heartbeats, close) must not make a single blocking call on a non-blocking thread.
 */
class BlockHoundTest extends GatewayTestBase {
    /** Violations are recorded, not thrown, so other test classes sharing the JVM are not disturbed. */
    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void install() {
        BlockHound.Builder builder = BlockHound.builder();
        // builder() alone skips the integrations that mark Reactor and Netty threads as non-blocking.
        ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
        builder.blockingMethodCallback(m -> {
            String stack = stack();
            // An idle pool worker that was already waiting for work when BlockHound was installed mid-JVM is
            // not a blocking call made by our code.
            if (!stack.contains("ThreadPoolExecutor.getTask")) {
                VIOLATIONS.add(m + " on " + Thread.currentThread().getName() + "\n" + stack);
            }
        })
                .install();
    }

    private static String stack() {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            b.append("    at ").append(e).append('\n');
        }
        return b.toString();
    }

    @Test
    void blockingOnAnEventLoopIsDetected() throws Exception {
        start("");
        VIOLATIONS.clear();
        CountDownLatch ran = new CountDownLatch(1);
        HttpResources.get().onServer(true).next().execute(() -> {
            try {
                new CountDownLatch(1).await(1, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ran.countDown();
        });
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(VIOLATIONS).isNotEmpty();
        VIOLATIONS.clear();
    }

    @Test
    void theLogsFeedNeverBlocksAnEventLoop() throws Exception {
        start("logging:\n  dedupWindow: 1s\n");
        List<io.fluxgate.broker.ChannelEvent> events = new CopyOnWriteArrayList<>();
        server.services().broker().subscribe("$logs", null, events::add).block(java.time.Duration.ofSeconds(5));
        VIOLATIONS.clear();
        // io.fluxgate.test.* stays off the (blocking) test console, so only the $logs feed sees these records.
        org.slf4j.Logger noise = org.slf4j.LoggerFactory.getLogger("io.fluxgate.test.EventLoop");
        CountDownLatch ran = new CountDownLatch(1);
        HttpResources.get().onServer(true).next().execute(() -> {
            for (int i = 0; i < 200; i++) {
                noise.warn("from an event loop {}", i % 10);
            }
            ran.countDown();
        });
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (events.size() < 10 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(events).hasSize(10);
        assertThat(VIOLATIONS).isEmpty();
    }

    @Test
    void aFullSessionNeverBlocksAnEventLoop() {
        start("heartbeat:\n  interval: 50ms\n  timeout: 2s\nlimits:\n  ratePerSecond: 10000\n  burst: 10000\n");
        VIOLATIONS.clear();
        try (TestClient a = connect("client=a&batch=true"); TestClient b = connect("client=b")) {
            a.send("type", "subscribe", "channel", "bh");
            a.next("subscribed");
            for (int i = 0; i < 200; i++) {
                b.send("type", "publish", "channel", "bh", "data", Map.of("i", i), "key", "k" + i);
            }
            a.take("event", 200);
            b.send("{broken");
            b.next("error");
            b.send("type", "subscribe", "channel", "inbox:a");
            b.next("error");
            // Metrics hooks ran for all of the above; the scrape itself must stay off the event loop too.
            assertThat(HttpProbe.status(port(), "/metrics")).isEqualTo(200);
            assertThat(HttpProbe.status(port(), "/ready")).isEqualTo(200);
        }
        server.shutdown(java.time.Duration.ofSeconds(2));
        server = null;
        assertThat(VIOLATIONS).isEmpty();
    }

    @Test
    void jwtHandshakesRefreshesAndTheServerApiNeverBlockAnEventLoop() {
        String key = "blockhound-key-0123456789";
        start(Jwts.authYaml() + "  apiKeys: [" + key + "]\nserver:\n  trustedProxies: ['127.0.0.1']\n"
                + "  allowedOrigins: ['https://app.example.com']\n");
        VIOLATIONS.clear();
        reactor.core.scheduler.Scheduler clock = reactor.core.scheduler.Schedulers.parallel();
        assertThat(TestClient.handshakeStatus(port(), "token=bad.token.x", Map.of())).isEqualTo(401);
        assertThat(TestClient.handshakeStatus(port(), "", Map.of("Origin", "https://evil.example"))).isEqualTo(403);
        try (TestClient a = TestClient.connect(port(), "", Map.of("Authorization", "Bearer " + Jwts.token("a", clock, 60),
                "X-Forwarded-For", "198.51.100.1", "Origin", "https://app.example.com"))) {
            a.next("welcome");
            a.send("type", "refresh", "id", 1, "token", Jwts.token("a", clock, 600));
            a.next("refreshed");
            a.send("type", "subscribe", "channel", "bh");
            a.next("subscribed");
            ApiClient api = new ApiClient(port(), key);
            assertThat(api.post("/api/publish", ApiClient.json("channel", "bh", "data", 1)).status()).isEqualTo(200);
            a.next("event");
            assertThat(api.get("/api/history?channel=bh").status()).isEqualTo(200);
            assertThat(api.get("/api/channels").status()).isEqualTo(200);
            assertThat(api.post("/api/publish", "{bad").status()).isEqualTo(400);
            assertThat(new ApiClient(port(), "wrong-key-0123456789").get("/api/channels").status()).isEqualTo(401);
            assertThat(api.post("/api/disconnect", ApiClient.json("client", "a", "code", 4100)).status()).isEqualTo(200);
            assertThat(a.awaitClose()).isEqualTo(4100);
        }
        server.shutdown(java.time.Duration.ofSeconds(2));
        server = null;
        assertThat(VIOLATIONS).isEmpty();
    }
}
