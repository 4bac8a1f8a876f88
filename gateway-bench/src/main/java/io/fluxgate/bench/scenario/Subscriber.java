package io.fluxgate.bench.scenario;

import io.fluxgate.bench.client.Inbound;
import io.fluxgate.bench.client.WireWriter;
import io.fluxgate.bench.client.WsConnection;
import io.fluxgate.bench.measure.SeqTracker;
import java.util.concurrent.CompletableFuture;

/**
 * One logical subscriber of the bench channel. It may live across several connections (resume): events are
 * checked by one {@link SeqTracker} from the first {@code subscribed} on, whatever connection brings them.
 */
final class Subscriber implements WsConnection.Listener {
    private final String channel;
    private final String clientId;
    private final StreamStats stats;
    private volatile WsConnection conn;
    private volatile SeqTracker tracker;
    private volatile String epoch;
    private volatile CompletableFuture<Subscriber> subscribed = new CompletableFuture<>();
    private volatile boolean closing;
    private long dropNanos;
    private long subscribeId;

    Subscriber(String channel, String clientId, StreamStats stats) {
        this.channel = channel;
        this.clientId = clientId;
        this.stats = stats;
    }

    String clientId() {
        return clientId;
    }

    SeqTracker tracker() {
        return tracker;
    }

    WsConnection connection() {
        return conn;
    }

    /** Attaches an open connection and subscribes (with {@code since} when resuming). */
    CompletableFuture<Subscriber> subscribe(WsConnection c) {
        this.conn = c;
        c.listener(this);
        SeqTracker t = tracker;
        subscribeId++;
        c.send(t == null ? WireWriter.subscribe(subscribeId, channel)
                : WireWriter.subscribeSince(subscribeId, channel, t.position(), epoch));
        return subscribed;
    }

    /** Connected and its last subscribe answered: may be dropped. */
    boolean live() {
        return conn != null && subscribed.isDone();
    }

    /** Abrupt drop (TCP reset, no close frame) while the stream runs; {@link #subscribe} recovers it. */
    void drop() {
        WsConnection c = conn;
        conn = null;
        CompletableFuture<Subscriber> previous = subscribed;
        subscribed = new CompletableFuture<>();
        previous.completeExceptionally(new IllegalStateException("dropped before subscribed"));
        dropNanos = System.nanoTime();
        if (c != null) {
            c.drop();
        }
    }

    void closing() {
        closing = true;
    }

    @Override
    public void onFrame(WsConnection c, int batch, long nanos) {
        if (c == conn) {
            stats.frames.increment();
            stats.batchSizes.record(batch);
        }
    }

    @Override
    public void onMessage(WsConnection c, Inbound m, long nanos) {
        if (c != conn) {
            return; // a dropped connection's leftovers: the resumed stream brings them again
        }
        switch (m.type() == null ? "" : m.type()) {
            case "event" -> onEvent(m, nanos);
            case "subscribed" -> onSubscribed(m, nanos);
            case "error" -> stats.error(m.code());
            default -> {
            }
        }
    }

    private void onSubscribed(Inbound m, long nanos) {
        if (tracker == null) {
            tracker = new SeqTracker(m.seq());
            epoch = m.epoch();
        } else {
            if (Boolean.TRUE.equals(m.recovered()) && java.util.Objects.equals(epoch, m.epoch())) {
                stats.recovered.increment();
            } else {
                stats.unrecovered.increment();
            }
            stats.recovery.record(nanos - dropNanos);
        }
        subscribed.complete(this);
    }

    private void onEvent(Inbound m, long nanos) {
        SeqTracker t = tracker;
        if (t == null) {
            stats.eventsBeforeSubscribed.increment();
            return;
        }
        if (m.epoch() != null && !m.epoch().equals(epoch)) {
            stats.epochChanges.increment();
        }
        t.onSeq(m.seq());
        stats.deliveries.increment();
        if (m.dataT() != Inbound.NONE) {
            long latency = nanos - m.dataT();
            stats.delivery.record(latency);
            int k = stats.burstSize;
            if (k > 0) {
                if (m.dataP() == 0) {
                    stats.burstFirst.record(latency);
                }
                if (m.dataP() == k - 1) {
                    stats.burstLast.record(latency);
                }
            }
        }
    }

    @Override
    public void onClose(WsConnection c, int closeCode) {
        if (c == conn && !closing) {
            stats.unexpectedCloses.increment();
            stats.closeCodes.computeIfAbsent(closeCode, k -> new java.util.concurrent.atomic.LongAdder()).increment();
        }
    }
}
