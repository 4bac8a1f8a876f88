package io.fluxgate.session;

/**
 * One WebSocket frame ready to write.
 *
 * @param ping whether this is a heartbeat ping (empty payload) rather than a text frame
 * @param payload UTF-8 JSON: one envelope, or for batching clients a JSON array of envelopes
 * @param envelopes how many envelopes the frame carries (0 for a ping)
 */
public record OutboundFrame(boolean ping, byte[] payload, int envelopes) {
    static final OutboundFrame PING = new OutboundFrame(true, new byte[0], 0);
}
