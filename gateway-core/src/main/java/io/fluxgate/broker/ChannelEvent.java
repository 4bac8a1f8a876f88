package io.fluxgate.broker;

import java.util.Objects;

/**
 * One published event, encoded once as its wire {@code event} envelope and shared by every subscriber,
 * the history and the server API.
 *
 * @param channel the channel name
 * @param seq its position in the channel, from 1, within {@code epoch}
 * @param epoch the channel's history generation
 * @param ts server time of acceptance, epoch millis
 * @param wire the UTF-8 JSON {@code event} envelope; never modified
 */
public record ChannelEvent(String channel, long seq, String epoch, long ts, byte[] wire) {
    public ChannelEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(wire, "wire");
    }
}
