package io.fluxgate.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** A decoded client -> server envelope (docs/PROTOCOL.md, "Client to server"). */
public sealed interface ClientCommand {
    /** The id to echo, or {@code null}. */
    MessageId id();

    /** The envelope's {@code type}. */
    String type();

    /** {@code subscribe}: {@code since} is null unless the client asks for recovery. */
    record Subscribe(MessageId id, String channel, StreamPosition since) implements ClientCommand {
        @Override
        public String type() {
            return "subscribe";
        }
    }

    /** {@code unsubscribe}. */
    record Unsubscribe(MessageId id, String channel) implements ClientCommand {
        @Override
        public String type() {
            return "unsubscribe";
        }
    }

    /** {@code publish}: {@code event} and {@code key} may be null; {@code data} is any JSON, JSON null included. */
    record Publish(MessageId id, String channel, JsonNode data, String event, String key) implements ClientCommand {
        @Override
        public String type() {
            return "publish";
        }
    }

    /** {@code ping}: {@code ts} (any JSON) is echoed in the pong; null when absent. */
    record Ping(MessageId id, JsonNode ts) implements ClientCommand {
        @Override
        public String type() {
            return "ping";
        }
    }

    /** {@code refresh}: a new token for the same {@code sub}. */
    record Refresh(MessageId id, String token) implements ClientCommand {
        @Override
        public String type() {
            return "refresh";
        }

        @Override
        public String toString() {
            return "Refresh[id=" + id + ", token=<hidden>]";
        }
    }
}
