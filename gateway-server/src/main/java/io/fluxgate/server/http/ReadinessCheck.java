package io.fluxgate.server.http;

import io.fluxgate.server.ws.ConnectionGuard;
import java.util.Objects;

/** One named condition of {@code /ready}; the node is ready when every check is ok. Must be cheap and not block. */
public interface ReadinessCheck {
    /** The key under {@code checks} in the {@code /ready} body. */
    String name();

    Status check();

    /**
     * @param ok whether this check lets the node take traffic
     * @param detail why not (or extra information), or null
     */
    record Status(boolean ok, String detail) {
        public static final Status OK = new Status(true, null);

        public static Status failing(String detail) {
            return new Status(false, Objects.requireNonNull(detail, "detail"));
        }
    }

    /** Fails from the moment a drain for shutdown starts, so load balancers move traffic away before the 1001s. */
    static ReadinessCheck draining(ConnectionGuard guard) {
        Objects.requireNonNull(guard, "guard");
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "draining";
            }

            @Override
            public Status check() {
                return guard.draining() ? Status.failing("shutting down") : Status.OK;
            }
        };
    }
}
