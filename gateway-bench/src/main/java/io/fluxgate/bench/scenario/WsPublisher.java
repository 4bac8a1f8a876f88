package io.fluxgate.bench.scenario;

import io.fluxgate.bench.client.Inbound;
import io.fluxgate.bench.client.WireWriter;
import io.fluxgate.bench.client.WsConnection;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Publishes over its own WebSocket, paced on its event loop. Every publish carries its intended send time; if the
 * loop falls behind, the late publishes keep their intended times (coordinated omission is not hidden).
 */
final class WsPublisher implements Publisher, WsConnection.Listener {
    /** Publishes awaiting their ack before the publisher waits instead of sending more. */
    static final int MAX_IN_FLIGHT = 10_000;

    private final WsConnection conn;
    private final String channel;
    private final int padding;
    private final EventLoop loop;
    private final PublisherStats stats = new PublisherStats();
    private final Map<Long, Long> sendTimes = new HashMap<>();
    private volatile boolean running;
    private volatile long sent;
    private volatile long acked;
    private volatile long lastSeq;
    private volatile long errors;
    private long nextId = 1;

    WsPublisher(WsConnection conn, String channel, int padding) {
        this.conn = conn;
        this.channel = channel;
        this.padding = padding;
        this.loop = conn.channel().eventLoop();
        conn.listener(this);
    }

    @Override
    public void startRate(double rate) {
        running = true;
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        loop.execute(() -> paced(start, interval, 0));
    }

    private void paced(long start, double interval, long k) {
        if (!running) {
            return;
        }
        long now = System.nanoTime();
        long n = k;
        int burst = 0;
        while (start + (long) (n * interval) <= now && sendTimes.size() < MAX_IN_FLIGHT && burst < 1000) {
            publish(start + (long) (n * interval), n);
            n++;
            burst++;
        }
        long next = start + (long) (n * interval) - System.nanoTime();
        long k2 = n;
        loop.schedule(() -> paced(start, interval, k2), Math.max(20_000, next), TimeUnit.NANOSECONDS);
    }

    @Override
    public void startBursts(int size, Duration every) {
        running = true;
        loop.scheduleAtFixedRate(() -> {
            if (!running) {
                return;
            }
            long t = System.nanoTime();
            for (int i = 0; i < size; i++) {
                publish(t, i);
            }
        }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void publish(long intended, long p) {
        long id = nextId++;
        sendTimes.put(id, intended);
        sent++;
        conn.send(WireWriter.publish(id, channel, intended, p, padding));
    }

    @Override
    public void onMessage(WsConnection c, Inbound m, long nanos) {
        if (m.is("ack")) {
            Long t = sendTimes.remove(m.id());
            if (t != null) {
                stats.ack(nanos - t);
            }
            acked++;
            lastSeq = Math.max(lastSeq, m.seq());
        } else if (m.is("error")) {
            sendTimes.remove(m.id());
            errors++;
            stats.error(String.valueOf(m.code()));
        }
    }

    @Override
    public void stop(Duration max) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + max.toNanos();
        while (acked + errors < sent && System.nanoTime() < deadline && conn.isOpen()) {
            Thread.sleep(10);
        }
    }

    @Override
    public long sent() {
        return sent;
    }

    @Override
    public long acked() {
        return acked;
    }

    @Override
    public long lastSeq() {
        return lastSeq;
    }

    @Override
    public long errors() {
        return errors;
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
        conn.close();
    }
}
