package io.fluxgate.protocol;

/**
 * Errors that answer one command and keep the connection open (docs/PROTOCOL.md, "Errors").
 * The command that caused one was not run.
 */
public enum ErrorCode {
    /** The frame is not well-formed JSON (or breaks the nesting, number or duplicate-key limits). */
    INVALID_JSON("invalid_json"),
    /** A required field is missing or ill-typed, the frame is empty or not a JSON object. */
    INVALID_MESSAGE("invalid_message"),
    /** {@code type} names no command of protocol v1. */
    UNKNOWN_TYPE("unknown_type"),
    /** The message is over {@code limits.maxMessageBytes} (but under the hard frame cap). */
    TOO_LARGE("too_large"),
    /** The channel name breaks the naming rules. */
    INVALID_CHANNEL("invalid_channel"),
    /** The client may not do this on that channel, or a refresh token was rejected. */
    FORBIDDEN("forbidden"),
    /** {@code unsubscribe} for a channel the connection is not subscribed to. */
    NOT_SUBSCRIBED("not_subscribed"),
    /** Over the client's token bucket; the error carries {@code retryAfterMs}. */
    RATE_LIMITED("rate_limited");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code code} string sent on the wire. */
    public String wireName() {
        return wireName;
    }
}
