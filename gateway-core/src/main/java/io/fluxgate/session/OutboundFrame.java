package io.fluxgate.session;

/**
 * One WebSocket frame ready to write.
 *
 * @param ping whether this is a heartbeat ping (empty payload) rather than a text frame
 * @param payload UTF-8 JSON: one envelope, or for batching clients a JSON array of envelopes
 * @param envelopes how many envelopes the frame carries (0 for a ping)
 * @param eventTs the earliest broker acceptance time ({@code ChannelEvent.ts}, epoch ms on the gateway clock) of
 *                the live channel events in the frame, or {@link #NO_EVENT} when it carries none (replies, replays,
 *                pings); for the publish-to-write latency metric
 */
public record OutboundFrame(boolean ping, byte[] payload, int envelopes, long eventTs) {
    /** {@link #eventTs()} of a frame without live channel events. */
    public static final long NO_EVENT = Long.MIN_VALUE;

    static final OutboundFrame PING = new OutboundFrame(true, new byte[0], 0, NO_EVENT);

    /** A frame without live channel events. */
    public OutboundFrame(boolean ping, byte[] payload, int envelopes) {
        this(ping, payload, envelopes, NO_EVENT);
    }

    /** Whether the frame carries at least one live channel event. */
    public boolean hasEvent() {
        return eventTs != NO_EVENT;
    }
}
