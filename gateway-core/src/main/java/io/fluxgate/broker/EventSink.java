package io.fluxgate.broker;

/** Receives a channel's live events. */
@FunctionalInterface
public interface EventSink {
    /**
     * Called once per event, in seq order for each channel, never concurrently for one channel.
     * Must not block: it runs on whichever thread fans the event out.
     */
    void onEvent(ChannelEvent event);
}
