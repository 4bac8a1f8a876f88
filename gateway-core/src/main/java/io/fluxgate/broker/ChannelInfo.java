package io.fluxgate.broker;

/**
 * A live channel as the server API lists it.
 *
 * @param channel the name
 * @param subscribers connections subscribed on this node
 * @param seq last seq
 * @param epoch current epoch
 */
public record ChannelInfo(String channel, int subscribers, long seq, String epoch) {
}
