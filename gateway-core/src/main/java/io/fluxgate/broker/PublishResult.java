package io.fluxgate.broker;

/**
 * Where a publication landed.
 *
 * @param channel the channel
 * @param seq the event's seq (for a repeated key: the original event's seq)
 * @param epoch the channel's epoch
 * @param duplicate true when the key was seen within the dedup window and nothing was delivered
 */
public record PublishResult(String channel, long seq, String epoch, boolean duplicate) {
}
