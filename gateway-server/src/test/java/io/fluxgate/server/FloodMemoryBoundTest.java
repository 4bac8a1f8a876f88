package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that flood and never read cannot push the gateway past its heap: the gateway runs in its own JVM
 * with a 96 MB heap while flooders push many times that at it, and it must stay up and keep serving.
 */
class FloodMemoryBoundTest {
    static final long HEAP_BYTES = 96L * 1024 * 1024;

    @Test
    void floodingClientsThatNeverReadCannotExhaustTheHeap(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("flood.yaml");
        Files.writeString(cfg, """
                limits:
                  ratePerSecond: 1000000
                  burst: 1000000
                  outboundBufferBytes: 1048576
                channels:
                  default:
                    history: 10
                """);
        try (GatewayProcess gw = GatewayProcess.launch(List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError"),
                "--port", "0", "--config", cfg.toString())) {
            int port = gw.awaitPort();
            byte[] frame = ("{\"type\":\"publish\",\"channel\":\"flood:%d\",\"data\":\"" + "x".repeat(60_000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            AtomicLong pushed = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> floods = new ArrayList<>();
            List<RawWsClient> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // Tiny receive buffers and no reads: replies back up at the gateway, not in our kernel.
                RawWsClient c = new RawWsClient(port, "client=flooder" + i, 4096);
                clients.add(c);
                c.sendText("{\"type\":\"subscribe\",\"channel\":\"flood:" + i + "\"}");
                floods.add(pool.submit(() -> {
                    try {
                        while (System.nanoTime() < deadline) {
                            c.sendFrame(RawWsClient.TEXT, frame, true);
                            pushed.addAndGet(frame.length);
                        }
                    } catch (IOException cutOff) {
                        // the gateway closed this flooder (4009): expected
                    }
                    return null;
                }));
            }
            pool.shutdown();
            if (!pool.awaitTermination(15, TimeUnit.SECONDS)) {
                // A writer still blocked by TCP backpressure is the gateway doing its job: unblock it.
                for (RawWsClient c : clients) {
                    c.close();
                }
            }
            for (Future<?> f : floods) {
                f.get(10, TimeUnit.SECONDS);
            }
            for (RawWsClient c : clients) {
                c.close();
            }

            assertThat(pushed.get()).as("the flood was large against the heap").isGreaterThan(2 * HEAP_BYTES);
            assertThat(gw.process.isAlive()).as("gateway survived; output: " + gw.output).isTrue();
            try (TestClient probe = TestClient.connect(port, "client=probe")) {
                probe.send("type", "ping", "id", "alive");
                assertThat(probe.next("pong").path("id").asText()).isEqualTo("alive");
            }
            assertThat(HttpProbe.status(port, "/health")).isEqualTo(200);
            assertThat(gw.output).noneMatch(l -> l.contains("OutOfMemoryError"));
        }
    }
}
