package io.fluxgate.broker;

import io.fluxgate.config.NamespaceConfig;
import io.fluxgate.protocol.EnvelopeCodec;
import io.fluxgate.protocol.StreamPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.util.concurrent.Queues;

/**
 * One channel of the in-memory broker. Numbering, history and dedup change under the object's lock;
 * fan-out happens after the lock is released, serialized by a work-in-progress counter so that
 * concurrent publishers still deliver in seq order.
 */
final class ChannelState {
    /** Keys remembered per channel at most; the oldest go first, so memory stays bounded under key churn. */
    static final int MAX_DEDUP_KEYS = 10_000;

    private final String name;
    private final String epoch;
    private final NamespaceConfig settings;
    private final AtomicLong historyGauge;
    private final ArrayDeque<ChannelEvent> history = new ArrayDeque<>();
    private final LinkedHashMap<String, DedupEntry> dedup = new LinkedHashMap<>();
    private final Set<EventSink> sinks = ConcurrentHashMap.newKeySet();
    private final Queue<ChannelEvent> pending = Queues.<ChannelEvent>unboundedMultiproducer().get();
    private final AtomicInteger wip = new AtomicInteger();
    private long seq;
    private boolean retired;

    ChannelState(String name, String epoch, NamespaceConfig settings, AtomicLong historyGauge) {
        this.name = name;
        this.epoch = epoch;
        this.settings = settings;
        this.historyGauge = historyGauge;
    }

    /** Null when this state was reclaimed and the caller must look the channel up again. */
    synchronized PublishResult publish(Publication p, long now) {
        if (retired) {
            return null;
        }
        evictExpired(now);
        if (p.key() != null) {
            DedupEntry seen = dedup.get(p.key());
            if (seen != null) {
                return new PublishResult(name, seen.seq, epoch, true);
            }
        }
        long s = ++seq;
        byte[] wire = EnvelopeCodec.get().encodeEvent(name, s, epoch, p.event(), p.data(), p.from(), now);
        ChannelEvent event = new ChannelEvent(name, s, epoch, now, wire);
        if (settings.history() > 0) {
            history.addLast(event);
            historyGauge.incrementAndGet();
            if (history.size() > settings.history()) {
                history.removeFirst();
                historyGauge.decrementAndGet();
            }
        }
        if (p.key() != null && !settings.dedupWindow().isZero()) {
            dedup.put(p.key(), new DedupEntry(s, now + settings.dedupWindow().toMillis()));
            if (dedup.size() > MAX_DEDUP_KEYS) {
                Iterator<DedupEntry> it = dedup.values().iterator();
                it.next();
                it.remove();
            }
        }
        pending.offer(event);
        return new PublishResult(name, s, epoch, false);
    }

    /** Delivers queued events to the sinks; whoever finds the counter at zero drains for everyone. */
    void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            ChannelEvent e;
            while ((e = pending.poll()) != null) {
                for (EventSink sink : sinks) {
                    sink.onEvent(e);
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Null when this state was reclaimed. */
    synchronized SubscribeResult subscribe(StreamPosition since, EventSink sink, long now) {
        if (retired) {
            return null;
        }
        evictExpired(now);
        sinks.add(sink);
        if (since == null) {
            return new SubscribeResult(seq, epoch, null, List.of());
        }
        if (!since.epoch().equals(epoch) || since.seq() > seq) {
            return new SubscribeResult(seq, epoch, false, List.of());
        }
        long oldest = history.isEmpty() ? seq + 1 : history.peekFirst().seq();
        if (since.seq() + 1 < oldest) {
            return new SubscribeResult(seq, epoch, false, List.of());
        }
        List<ChannelEvent> replay = new ArrayList<>();
        for (ChannelEvent e : history) {
            if (e.seq() > since.seq()) {
                replay.add(e);
            }
        }
        return new SubscribeResult(seq, epoch, true, replay);
    }

    void unsubscribe(EventSink sink) {
        sinks.remove(sink);
    }

    synchronized StreamPosition position() {
        return retired ? null : new StreamPosition(seq, epoch);
    }

    synchronized HistoryPage history(long sinceSeq, int limit, long now) {
        evictExpired(now);
        List<ChannelEvent> out = new ArrayList<>();
        for (ChannelEvent e : history) {
            if (e.seq() > sinceSeq && out.size() < limit) {
                out.add(e);
            }
        }
        return new HistoryPage(epoch, out);
    }

    synchronized ChannelInfo info() {
        return new ChannelInfo(name, sinks.size(), seq, epoch);
    }

    /** Evicts what expired and retires the channel when nothing in it is still needed. */
    synchronized boolean retireIfIdle(long now) {
        evictExpired(now);
        if (sinks.isEmpty() && history.isEmpty() && dedup.isEmpty() && pending.isEmpty()) {
            retired = true;
        }
        return retired;
    }

    private void evictExpired(long now) {
        long ttl = settings.historyTtl().toMillis();
        while (!history.isEmpty() && history.peekFirst().ts() + ttl <= now) {
            history.removeFirst();
            historyGauge.decrementAndGet();
        }
        for (Iterator<Map.Entry<String, DedupEntry>> it = dedup.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().expiresAt > now) {
                break;
            }
            it.remove();
        }
    }

    /** Retired states give their history back to the gauge. */
    synchronized void release() {
        historyGauge.addAndGet(-history.size());
        history.clear();
    }

    private record DedupEntry(long seq, long expiresAt) {
    }
}
