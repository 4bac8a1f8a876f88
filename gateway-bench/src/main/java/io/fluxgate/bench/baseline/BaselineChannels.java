package io.fluxgate.bench.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** The baseline's channels: a seq counter, the last {@link #HISTORY} events and the subscriber set, per name. */
final class BaselineChannels {
    static final int HISTORY = 100_000;
    final String epoch = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    Topic topic(String name) {
        return topics.computeIfAbsent(name, Topic::new);
    }

    final class Topic {
        final String name;
        final CopyOnWriteArraySet<Channel> subscribers = new CopyOnWriteArraySet<>();
        private final String[] history = new String[HISTORY];
        private long seq;

        Topic(String name) {
            this.name = name;
        }

        /** Assigns the next seq, keeps the event and writes it once to every subscriber (shared buffer). */
        synchronized long publish(String dataJson, String from) {
            long s = ++seq;
            String event = "{\"type\":\"event\",\"channel\":\"" + name + "\",\"seq\":" + s + ",\"epoch\":\"" + epoch
                    + "\",\"data\":" + dataJson + ",\"from\":\"" + from + "\",\"ts\":" + System.currentTimeMillis() + "}";
            history[(int) (s % HISTORY)] = event;
            ByteBuf bytes = Unpooled.copiedBuffer(event, StandardCharsets.UTF_8);
            try {
                for (Channel ch : subscribers) {
                    // Always through the channel's task queue, even from its own loop: a direct write from the
                    // loop would overtake events queued earlier by publishers on other loops (a reorder).
                    TextWebSocketFrame frame = new TextWebSocketFrame(bytes.retainedDuplicate());
                    ch.eventLoop().execute(() -> ch.writeAndFlush(frame, ch.voidPromise()));
                }
            } finally {
                bytes.release();
            }
            return s;
        }

        /**
         * Subscribes {@code ch}; with {@code since} in the same epoch and still in history, returns the missed
         * events, which the caller writes before releasing the lock; null when not recoverable.
         */
        synchronized List<String> subscribe(Channel ch, long since, boolean hasSince, Runnable reply) {
            List<String> missed = null;
            if (hasSince && since <= seq && seq - since < HISTORY) {
                missed = new ArrayList<>();
                for (long s = since + 1; s <= seq; s++) {
                    missed.add(history[(int) (s % HISTORY)]);
                }
            }
            reply.run();
            if (missed != null) {
                for (String e : missed) {
                    ch.write(new TextWebSocketFrame(e), ch.voidPromise());
                }
            }
            ch.flush();
            subscribers.add(ch);
            return missed;
        }

        synchronized long seq() {
            return seq;
        }
    }
}
