package io.fluxgate.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** A server -> client envelope other than {@code event} (events are encoded once by the broker, see ChannelEvent). */
public sealed interface ServerMessage {

    /** First frame of every connection. */
    record Welcome(String session, String client, int protocol, long heartbeatMs, int maxMessageBytes,
                   int ratePerSecond, int burst) implements ServerMessage {
    }

    /** Reply to subscribe; {@code recovered} is null unless the client sent {@code since}. */
    record Subscribed(MessageId id, String channel, long seq, String epoch, Boolean recovered)
            implements ServerMessage {
    }

    /** Reply to unsubscribe. */
    record Unsubscribed(MessageId id, String channel) implements ServerMessage {
    }

    /** Reply to publish: the seq the event got (or had, for a repeated idempotency key). */
    record Ack(MessageId id, String channel, long seq) implements ServerMessage {
    }

    /** Reply to ping; {@code ts} echoes the ping's. */
    record Pong(MessageId id, JsonNode ts) implements ServerMessage {
    }

    /** Reply to refresh: the new token's expiry in epoch seconds. */
    record Refreshed(MessageId id, long exp) implements ServerMessage {
    }

    /** An error that keeps the connection open; {@code retryAfterMs} is null except for rate_limited. */
    record Error(MessageId id, ErrorCode code, String message, Long retryAfterMs) implements ServerMessage {
        public static Error of(MessageId id, ErrorCode code, String message) {
            return new Error(id, code, message, null);
        }
    }
}
