package io.fluxgate.broker;

import java.util.List;

/**
 * The outcome of a subscribe.
 *
 * @param seq the channel's last seq when the subscription started; live events follow it
 * @param epoch the channel's epoch
 * @param recovered null when no {@code since} was given; else whether {@code replay} closes the gap
 * @param replay events after {@code since}, in order (empty unless recovered)
 */
public record SubscribeResult(long seq, String epoch, Boolean recovered, List<ChannelEvent> replay) {
    public SubscribeResult {
        replay = List.copyOf(replay);
    }
}
