package io.fluxgate.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The close frame a session ends with: its {@link CloseCode} (the kind, for metrics and logic) plus the numeric
 * code and reason that go on the wire. For every constant the wire values are the constant's own; only
 * {@link CloseCode#DISCONNECTED} may carry a code and reason chosen by the server API (4000-4999).
 *
 * @param kind which row of the close-code table this is
 * @param code the status code in the close frame
 * @param reason the reason text in the close frame (at most {@value #MAX_REASON_BYTES} UTF-8 bytes)
 */
public record CloseStatus(CloseCode kind, int code, String reason) {
    /** A close frame's payload is at most 125 bytes, two of which hold the code (RFC 6455 §5.5). */
    public static final int MAX_REASON_BYTES = 123;

    public CloseStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        if (kind == CloseCode.DISCONNECTED) {
            check(code >= 4000 && code <= 4999, "code", code, "4000..4999");
        } else {
            check(code == kind.code(), "code", code, kind.code() + " for " + kind);
        }
        check(reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES, "reason",
                "<" + reason.length() + " chars>", "at most " + MAX_REASON_BYTES + " UTF-8 bytes");
    }

    /** The close frame of a constant, with its own code and reason. */
    public static CloseStatus of(CloseCode kind) {
        return new CloseStatus(kind, kind.code(), kind.reason());
    }

    /**
     * A server-API disconnect.
     *
     * @param code 4000..4999
     * @param reason the reason text, or null for the default {@code disconnected}
     * @throws IllegalArgumentException with a "name: value (expected: …)" message for an unusable code or reason
     */
    public static CloseStatus disconnect(int code, String reason) {
        return new CloseStatus(CloseCode.DISCONNECTED, code, reason == null ? CloseCode.DISCONNECTED.reason() : reason);
    }

    private static void check(boolean ok, String name, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
        }
    }
}
