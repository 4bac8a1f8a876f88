package io.fluxgate.protocol;

import java.util.Objects;

/**
 * A client-chosen command id, echoed verbatim in the reply: a string or an integer, at most 64 characters.
 *
 * @param text the string, or the integer's decimal digits
 * @param numeric whether it was sent (and is echoed) as a JSON number
 */
public record MessageId(String text, boolean numeric) {
    /** Longest accepted id, in characters. */
    public static final int MAX_LENGTH = 64;

    public MessageId {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("id: longer than " + MAX_LENGTH + " chars");
        }
    }
}
