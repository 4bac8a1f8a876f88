package io.fluxgate.protocol;

/**
 * WebSocket close codes the gateway sends (RFC 6455 §7.4; 4000-4999 are application codes).
 * One constant per row of the protocol's close-code table.
 */
public enum CloseCode {
    /** Normal closure. */
    NORMAL(1000, "normal closure", false),
    /** The server is shutting down or draining: reconnect (to another node) and recover with {@code since}. */
    GOING_AWAY(1001, "server shutting down", true),
    /** Policy violation: kept sending while rate limited, or a forbidden action repeated. Do not retry at once. */
    POLICY_VIOLATION(1008, "policy violation", false),
    /** A frame or reassembled message over {@code limits.maxFrameBytes}. */
    MESSAGE_TOO_BIG(1009, "message too big", false),
    /** The gateway failed; reconnect with backoff. */
    INTERNAL_ERROR(1011, "internal error", true),
    /** The token expired during the connection and was not refreshed: reconnect with a new token. */
    TOKEN_EXPIRED(4001, "token expired", true),
    /** Disconnected through the server API (which may pick another 4xxx code). */
    DISCONNECTED(4003, "disconnected", false),
    /** The outbound buffer overflowed: reconnect and recover with {@code since}. */
    SLOW_CONSUMER(4009, "slow consumer", true),
    /** No pong (or any frame) after the server's ping within {@code heartbeat.timeout}: reconnect. */
    HEARTBEAT_TIMEOUT(4010, "heartbeat timeout", true);

    private final int code;
    private final String reason;
    private final boolean reconnect;

    CloseCode(int code, String reason, boolean reconnect) {
        this.code = code;
        this.reason = reason;
        this.reconnect = reconnect;
    }

    /** The numeric status code of the close frame. */
    public int code() {
        return code;
    }

    /** The short reason text sent in the close frame. */
    public String reason() {
        return reason;
    }

    /** Whether a client should reconnect (and recover) after this close. */
    public boolean reconnect() {
        return reconnect;
    }
}
