package io.fluxgate.session;

import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.ErrorCode;

/** Hooks for metrics and access logs; every method must be cheap and must not block. */
public interface SessionObserver {
    /** Does nothing. */
    SessionObserver NONE = new SessionObserver() {
    };

    default void opened(ClientSession session) {
    }

    /** @param code the close code sent, or null when the client closed or the socket dropped */
    default void closed(ClientSession session, CloseCode code) {
    }

    /** A client command was decoded; {@code type} is the envelope type or "invalid". */
    default void messageIn(String type, int bytes) {
    }

    default void frameOut(OutboundFrame frame) {
    }

    default void errorSent(ErrorCode code) {
    }

    default void rateLimited() {
    }

    default void slowConsumer() {
    }

    /** An event was accepted by the broker; {@code acceptedAtMillis} is the broker's timestamp. */
    default void published(long acceptedAtMillis) {
    }
}
