package io.fluxgate.server.ws;

import io.fluxgate.config.ServerConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.atomic.AtomicInteger;

/** Admits or refuses handshakes against the node-wide connection cap and the draining state. */
public final class ConnectionGuard {
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean draining;

    public ConnectionGuard(ServerConfig config) {
        this.maxConnections = config.maxConnections();
    }

    /** Reserves a slot; null when admitted (call {@link #release} when the connection ends), else why not. */
    public HandshakeRejection admit(String ip) {
        if (draining) {
            return HandshakeRejection.of(HttpResponseStatus.SERVICE_UNAVAILABLE, "draining for shutdown");
        }
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return HandshakeRejection.of(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "at the connection cap of " + maxConnections);
        }
        return null;
    }

    public void release(String ip) {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }
}
