package io.fluxgate.broker;

import io.fluxgate.config.NamespaceConfig;
import io.fluxgate.protocol.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A single-node {@link Broker} that keeps everything in memory. A restart loses history, so every channel
 * starts a new epoch and clients that recover get {@code recovered: false}.
 *
 * <p>Idle channels (no subscribers, no live history, no remembered keys) are reclaimed by a periodic sweep,
 * so one-off channel names do not grow memory without bound.
 */
public final class InMemoryBroker implements Broker {
    private final ConcurrentHashMap<String, ChannelState> channels = new ConcurrentHashMap<>();
    private final Function<String, NamespaceConfig> settings;
    private final Scheduler clock;
    private final AtomicLong historyEvents = new AtomicLong();
    private final Disposable sweeper;

    /**
     * @param settings namespace settings for a channel name
     * @param clock time source and timer for the idle sweep (a virtual-time scheduler in tests)
     * @param sweepEvery how often idle channels and expired history are reclaimed
     */
    public InMemoryBroker(Function<String, NamespaceConfig> settings, Scheduler clock, Duration sweepEvery) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sweeper = clock.schedulePeriodically(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public Mono<PublishResult> publish(Publication publication) {
        return Mono.fromSupplier(() -> {
            while (true) {
                ChannelState state = state(publication.channel());
                PublishResult result = state.publish(publication, now());
                if (result != null) {
                    state.drain();
                    return result;
                }
            }
        });
    }

    @Override
    public Mono<SubscribeResult> subscribe(String channel, StreamPosition since, EventSink sink) {
        return Mono.fromSupplier(() -> {
            while (true) {
                SubscribeResult result = state(channel).subscribe(since, sink, now());
                if (result != null) {
                    return result;
                }
            }
        });
    }

    @Override
    public Mono<Void> unsubscribe(String channel, EventSink sink) {
        return Mono.fromRunnable(() -> {
            ChannelState state = channels.get(channel);
            if (state != null) {
                state.unsubscribe(sink);
            }
        });
    }

    @Override
    public Mono<StreamPosition> position(String channel) {
        return Mono.fromSupplier(() -> {
            while (true) {
                StreamPosition p = state(channel).position();
                if (p != null) {
                    return p;
                }
            }
        });
    }

    @Override
    public Mono<HistoryPage> history(String channel, long sinceSeq, int limit) {
        return Mono.fromSupplier(() -> {
            ChannelState state = channels.get(channel);
            return state == null ? null : state.history(sinceSeq, limit, now());
        });
    }

    @Override
    public Mono<List<ChannelInfo>> channels() {
        return Mono.fromSupplier(() -> {
            List<ChannelInfo> out = new ArrayList<>();
            channels.values().forEach(s -> out.add(s.info()));
            return out;
        });
    }

    /** Channels held now. */
    public int channelCount() {
        return channels.size();
    }

    /** Events held in all histories now. */
    public long historyEvents() {
        return historyEvents.get();
    }

    /** Runs one reclamation pass; the timer calls this, tests may too. */
    public void sweep() {
        long now = now();
        channels.forEach((name, state) -> {
            if (state.retireIfIdle(now) && channels.remove(name, state)) {
                state.release();
            }
        });
    }

    @Override
    public void close() {
        sweeper.dispose();
    }

    private ChannelState state(String channel) {
        return channels.computeIfAbsent(channel,
                c -> new ChannelState(c, newEpoch(), settings.apply(c), historyEvents));
    }

    private long now() {
        return clock.now(TimeUnit.MILLISECONDS);
    }

    private static String newEpoch() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
