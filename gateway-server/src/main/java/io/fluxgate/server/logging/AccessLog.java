package io.fluxgate.server.logging;

import io.fluxgate.protocol.CloseStatus;
import io.fluxgate.session.ClientSession;
import io.fluxgate.session.SessionObserver;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * One INFO line on logger {@value #LOGGER} per finished connection: client id, IP, session id, duration,
 * messages in and out, close code and reason. The same facts are attached as key-value pairs, which the JSON
 * format writes as fields. It never sees the request URI, so no token or secret can reach it.
 */
public final class AccessLog implements SessionObserver {
    public static final String LOGGER = "io.fluxgate.access";
    /** The {@code close} value when the client closed or the socket dropped (the server sent no close code). */
    public static final String CLIENT_CLOSED = "client";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final Scheduler clock;

    /** @param clock the gateway clock, the one session open times are taken on */
    public AccessLog(Scheduler clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void finished(ClientSession s, CloseStatus status) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long durationMs = Math.max(0, clock.now(TimeUnit.MILLISECONDS) - s.openedAt());
        String close = status == null ? CLIENT_CLOSED : Integer.toString(status.code());
        String reason = status == null ? "closed by client" : status.reason();
        String client = s.principal().clientId();
        log.atInfo()
                .addKeyValue("client", client)
                .addKeyValue("ip", s.ip())
                .addKeyValue("session", s.id())
                .addKeyValue("durationMs", durationMs)
                .addKeyValue("messagesIn", s.messagesIn())
                .addKeyValue("messagesOut", s.messagesOut())
                .addKeyValue("close", close)
                .addKeyValue("reason", reason)
                .log("connection closed client={} ip={} session={} duration_ms={} in={} out={} close={} reason=\"{}\"",
                        client, s.ip(), s.id(), durationMs, s.messagesIn(), s.messagesOut(), close, reason);
    }
}
