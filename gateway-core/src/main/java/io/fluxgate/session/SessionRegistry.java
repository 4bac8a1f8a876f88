package io.fluxgate.session;

import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.CloseStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions open on this node: for heartbeats, shutdown drain, the server API and connection counts. */
public final class SessionRegistry {
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();

    void add(ClientSession session) {
        sessions.add(session);
    }

    void remove(ClientSession session) {
        sessions.remove(session);
    }

    /** Open sessions now. */
    public int size() {
        return sessions.size();
    }

    /** Runs {@code action} for each open session, without copying (heartbeat sweep, queue-depth gauges). */
    public void forEach(java.util.function.Consumer<ClientSession> action) {
        sessions.forEach(action);
    }

    /** A snapshot of the open sessions. */
    public Collection<ClientSession> all() {
        return List.copyOf(sessions);
    }

    /**
     * Closes every session of a client.
     *
     * @return how many were closed
     */
    public int disconnect(String clientId, CloseCode code) {
        return disconnect(clientId, CloseStatus.of(code));
    }

    /**
     * Closes every session of a client with the given close frame (the server API's disconnect), dropping what
     * is still queued for them.
     *
     * @return how many were closed
     */
    public int disconnect(String clientId, CloseStatus status) {
        List<ClientSession> matched = new ArrayList<>();
        for (ClientSession s : sessions) {
            if (s.principal().clientId().equals(clientId)) {
                matched.add(s);
            }
        }
        matched.forEach(s -> s.closeWith(status, false));
        return matched.size();
    }

    /** Closes every session after sending what is already queued for it (graceful shutdown). */
    public void drainAll(CloseCode code) {
        for (ClientSession s : all()) {
            s.close(code, true);
        }
    }
}
