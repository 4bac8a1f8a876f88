package io.fluxgate.broker;

import java.util.List;

/**
 * Events from a channel's history.
 *
 * @param epoch the channel's epoch
 * @param events events after the requested seq, oldest first
 */
public record HistoryPage(String epoch, List<ChannelEvent> events) {
    public HistoryPage {
        events = List.copyOf(events);
    }
}
