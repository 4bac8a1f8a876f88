package io.fluxgate.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A request to publish.
 *
 * @param channel a validated channel name
 * @param data the payload, any JSON
 * @param event optional event name
 * @param key optional idempotency key
 * @param from the publishing client id, or null for the server API
 */
public record Publication(String channel, JsonNode data, String event, String key, String from) {
    public Publication {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
    }
}
