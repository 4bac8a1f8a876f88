package io.fluxgate.session;

import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.CloseStatus;
import io.fluxgate.protocol.ErrorCode;
import java.util.Objects;

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

    /**
     * The session is over: its close was decided and its outbound stream ended, so its message counts are final.
     * Called once per session, after {@link #closed}.
     *
     * @param status the close frame the server sent (an API disconnect's own 4xxx code and reason included), or
     *               null when the client closed or the socket dropped
     */
    default void finished(ClientSession session, CloseStatus status) {
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

    /** Calls this observer, then {@code next}, for every hook. */
    default SessionObserver andThen(SessionObserver next) {
        Objects.requireNonNull(next, "next");
        SessionObserver first = this;
        return new SessionObserver() {
            @Override
            public void opened(ClientSession session) {
                first.opened(session);
                next.opened(session);
            }

            @Override
            public void closed(ClientSession session, CloseCode code) {
                first.closed(session, code);
                next.closed(session, code);
            }

            @Override
            public void finished(ClientSession session, CloseStatus status) {
                first.finished(session, status);
                next.finished(session, status);
            }

            @Override
            public void messageIn(String type, int bytes) {
                first.messageIn(type, bytes);
                next.messageIn(type, bytes);
            }

            @Override
            public void frameOut(OutboundFrame frame) {
                first.frameOut(frame);
                next.frameOut(frame);
            }

            @Override
            public void errorSent(ErrorCode code) {
                first.errorSent(code);
                next.errorSent(code);
            }

            @Override
            public void rateLimited() {
                first.rateLimited();
                next.rateLimited();
            }

            @Override
            public void slowConsumer() {
                first.slowConsumer();
                next.slowConsumer();
            }

            @Override
            public void published(long acceptedAtMillis) {
                first.published(acceptedAtMillis);
                next.published(acceptedAtMillis);
            }
        };
    }
}
