package io.fluxgate.session;

import io.fluxgate.broker.ChannelEvent;
import io.fluxgate.broker.EventSink;
import io.fluxgate.broker.SubscribeResult;
import io.fluxgate.config.NamespaceConfig;
import io.fluxgate.protocol.MessageId;
import io.fluxgate.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's subscription to one channel. Live events that arrive before the {@code subscribed}
 * reply and the replay are queued are held back, then released after them, and anything at or below
 * the last seq already sent is dropped, so the client sees the channel in order with no duplicates.
 */
final class ChannelSubscription implements EventSink {
    private final String channel;
    private final NamespaceConfig settings;
    private final ClientSession session;
    private List<ChannelEvent> held = new ArrayList<>();
    private long lastSeq;
    private boolean active;
    /** Volatile and set without the lock: a session closing from another subscription's fan-out must not wait here. */
    private volatile boolean closed;

    ChannelSubscription(String channel, NamespaceConfig settings, ClientSession session) {
        this.channel = channel;
        this.settings = settings;
        this.session = session;
    }

    @Override
    public synchronized void onEvent(ChannelEvent event) {
        if (closed) {
            return;
        }
        if (!active) {
            held.add(event);
            // Bounded like the outbox: a channel that floods before the replay is queued is a slow consumer too.
            if (held.size() > session.heldEventLimit()) {
                closed = true;
                session.slowConsumer();
            }
            return;
        }
        send(event);
    }

    /** Queues the reply and the replay, then lets live events through. */
    synchronized void activate(MessageId id, SubscribeResult result) {
        if (closed) {
            return;
        }
        session.reply(new ServerMessage.Subscribed(id, channel, result.seq(), result.epoch(), result.recovered()));
        lastSeq = result.seq();
        for (ChannelEvent e : result.replay()) {
            session.deliver(e, settings, false);
        }
        active = true;
        List<ChannelEvent> pending = held;
        held = null;
        for (ChannelEvent e : pending) {
            if (closed) {
                return;
            }
            send(e);
        }
    }

    void close() {
        closed = true;
    }

    String channel() {
        return channel;
    }

    private void send(ChannelEvent event) {
        if (event.seq() <= lastSeq) {
            return;
        }
        lastSeq = event.seq();
        session.deliver(event, settings);
    }
}
