package io.fluxgate.broker;

import io.fluxgate.protocol.StreamPosition;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Channels: numbering, history, recovery and fan-out.
 *
 * <p>Guarantees every implementation keeps:
 * <ul>
 *   <li><b>Order.</b> A channel numbers its events 1, 2, 3, … within an epoch. Every sink sees a channel's
 *       events in seq order, without gaps while it stays subscribed, and never two at once.</li>
 *   <li><b>Publisher order.</b> Publishes to one channel that a caller issues one after another (each after
 *       the previous Mono completed) get increasing seq.</li>
 *   <li><b>Epoch.</b> The epoch changes whenever the channel's history is lost (a new channel, a restart
 *       of an in-memory broker, an idle channel reclaimed).</li>
 *   <li><b>History.</b> The last {@code history} events, none older than {@code historyTtl}, stay
 *       recoverable; publishing and appending to history are one atomic step per channel.</li>
 *   <li><b>Recovery.</b> {@link #subscribe} with a position replays exactly the events after it when the epoch
 *       matches and the gap is still in history ({@code recovered = true}); otherwise nothing
 *       ({@code recovered = false}). Live events the sink then receives may overlap the replay's
 *       last seq: the sink drops seq at or below {@link SubscribeResult#seq()}.</li>
 *   <li><b>Idempotency.</b> A publish whose key the channel saw within {@code dedupWindow} returns the original
 *       seq, marked duplicate, and is not delivered again.</li>
 *   <li><b>No lock while delivering.</b> Sinks are called outside any channel lock, so a slow sink cannot
 *       stall publishers; a sink that cannot keep up must drop itself.</li>
 * </ul>
 */
public interface Broker extends AutoCloseable {

    /** Publishes an event; the Mono gives its seq. */
    Mono<PublishResult> publish(Publication publication);

    /**
     * Adds a sink for a channel's live events, optionally replaying from {@code since}.
     *
     * @param since the last position the client saw, or null to start from now
     */
    Mono<SubscribeResult> subscribe(String channel, StreamPosition since, EventSink sink);

    /** Removes a sink; no event reaches it once the Mono completes. */
    Mono<Void> unsubscribe(String channel, EventSink sink);

    /** The channel's current position (seq 0 and a fresh epoch for a channel with no events). */
    Mono<StreamPosition> position(String channel);

    /** Up to {@code limit} events after {@code sinceSeq}; empty when the channel does not exist. */
    Mono<HistoryPage> history(String channel, long sinceSeq, int limit);

    /** The channels that exist now. */
    Mono<List<ChannelInfo>> channels();

    /** Releases timers and state. */
    @Override
    void close();
}
