package io.fluxgate.bench.scenario;

import io.fluxgate.bench.client.Inbound;
import io.fluxgate.bench.client.WireReader;
import io.fluxgate.bench.client.WireWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Publishes through the server's HTTP API ({@code POST /api/publish {channel, data}} answered by
 * {@code {channel, seq, epoch}}, see protocol.md), paced like {@link WsPublisher}, with bounded requests in flight.
 */
final class ApiPublisher implements Publisher {
    static final int MAX_IN_FLIGHT = 256;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final String apiKey;
    private final String channel;
    private final int padding;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-api-publisher");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final PublisherStats stats = new PublisherStats();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lastSeq = new AtomicLong();
    private volatile boolean running;

    ApiPublisher(URI uri, String apiKey, String channel, int padding) {
        this.uri = uri;
        this.apiKey = apiKey;
        this.channel = channel;
        this.padding = padding;
    }

    @Override
    public void startRate(double rate) {
        running = true;
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        long[] k = {0};
        pacer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            while (running && start + (long) (k[0] * interval) <= now && inFlight.tryAcquire()) {
                publish(start + (long) (k[0] * interval), k[0]);
                k[0]++;
            }
        }, 0, Math.max(100_000, (long) Math.min(interval, 1e7)), TimeUnit.NANOSECONDS);
    }

    @Override
    public void startBursts(int size, Duration every) {
        running = true;
        pacer.scheduleAtFixedRate(() -> {
            long t = System.nanoTime();
            for (int i = 0; i < size && running; i++) {
                inFlight.acquireUninterruptibly();
                publish(t, i);
            }
        }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void publish(long intended, long p) {
        sent.incrementAndGet();
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(WireWriter.apiPublish(channel, intended, p, padding)));
        if (apiKey != null) {
            req.header("Authorization", "Bearer " + apiKey);
        }
        http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((res, e) -> {
            inFlight.release();
            long now = System.nanoTime();
            if (e != null) {
                fail(e.getClass().getSimpleName());
                return;
            }
            if (res.statusCode() != 200) {
                fail("http " + res.statusCode());
                return;
            }
            try {
                List<Inbound> m = WireReader.read(res.body());
                if (m.get(0).seq() == Inbound.NONE) {
                    fail("no seq in answer");
                    return;
                }
                lastSeq.accumulateAndGet(m.get(0).seq(), Math::max);
                acked.incrementAndGet();
                stats.ack(now - intended);
            } catch (java.io.IOException ex) {
                fail("unreadable answer");
            }
        });
    }

    private void fail(String code) {
        errors.incrementAndGet();
        stats.error(code);
    }

    @Override
    public void stop(Duration max) throws InterruptedException {
        running = false;
        pacer.shutdown();
        pacer.awaitTermination(max.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + max.toNanos();
        while (acked.get() + errors.get() < sent.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public long sent() {
        return sent.get();
    }

    @Override
    public long acked() {
        return acked.get();
    }

    @Override
    public long lastSeq() {
        return lastSeq.get();
    }

    @Override
    public long errors() {
        return errors.get();
    }

    @Override
    public Map<String, Long> errorCodes() {
        return stats.errorCodes();
    }

    @Override
    public Histogram ackLatency() {
        return stats.takeAckLatency();
    }

    @Override
    public void resetLatency() {
        stats.resetLatency();
    }

    @Override
    public void close() {
        running = false;
        pacer.shutdownNow();
    }
}
