package io.fluxgate.protocol;

import java.util.Objects;

/**
 * A place in a channel's stream: the last {@code seq} seen within an {@code epoch}.
 *
 * @param seq last sequence number seen, 0 when none
 * @param epoch opaque id of the channel's history generation
 */
public record StreamPosition(long seq, String epoch) {
    public StreamPosition {
        if (seq < 0) {
            throw new IllegalArgumentException("seq: " + seq + " (expected: >= 0)");
        }
        Objects.requireNonNull(epoch, "epoch");
    }
}
