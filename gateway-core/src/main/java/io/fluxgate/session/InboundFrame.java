package io.fluxgate.session;

/**
 * One complete client message (fragments already reassembled), copied out of the network buffer.
 *
 * @param payload UTF-8 JSON from a text frame, or from a binary frame that carries JSON
 */
public record InboundFrame(byte[] payload) {
}
