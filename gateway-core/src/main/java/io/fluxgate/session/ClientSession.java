package io.fluxgate.session;

import io.fluxgate.broker.ChannelEvent;
import io.fluxgate.channel.Principal;
import io.fluxgate.config.GatewayConfig;
import io.fluxgate.config.NamespaceConfig;
import io.fluxgate.protocol.ClientCommand;
import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.CloseStatus;
import io.fluxgate.protocol.Decoded;
import io.fluxgate.protocol.EnvelopeCodec;
import io.fluxgate.protocol.ErrorCode;
import io.fluxgate.protocol.MessageId;
import io.fluxgate.protocol.ServerMessage;
import io.fluxgate.ratelimit.RateDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One client connection as a reactor-core pipeline, independent of any socket library:
 * inbound frames -> decode -> rate-limit -> route (one command at a time, so a flooding client is slowed by
 * TCP backpressure), and every reply, event and ping -> one bounded {@link Outbox} -> the connection's writer.
 *
 * <p>The transport subscribes to {@link #outbound()} once, feeds {@link #run(Flux)} the inbound frames, and
 * watches {@link #abruptClose()}; when {@link #outbound()} completes it sends {@link #closeCode()}, if any.
 */
public final class ClientSession {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final EnvelopeCodec CODEC = EnvelopeCodec.get();
    /** How long a draining close (other than shutdown) may wait for the peer to read what is queued. */
    static final Duration CLOSE_BUDGET = Duration.ofSeconds(5);

    private final String id;
    private final String ip;
    private final GatewayServices services;
    private final GatewayConfig config;
    private final Outbox outbox;
    private final CommandRouter router;
    private final Map<String, ChannelSubscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicReference<Closing> closing = new AtomicReference<>();
    private final Sinks.One<CloseCode> abrupt = Sinks.one();
    /** Counts the two ends of a session (close decided, outbound ended); the second reports it finished. */
    private final AtomicInteger ends = new AtomicInteger();
    private final StrikeCounter strikes;
    private final long openedAt;
    private final long expiryGraceMs;
    private volatile Principal principal;
    private volatile long lastInboundAt;
    private volatile long messagesIn;
    private volatile long messagesOut;
    private long pingSentAt;
    private boolean awaitingPong;

    /**
     * @param batch whether the client asked for JSON-array frames ({@code batch=true})
     * @param executor the connection's event loop; the outbox drains there
     */
    public ClientSession(GatewayServices services, Principal principal, String ip, boolean batch, Executor executor) {
        this.services = Objects.requireNonNull(services, "services");
        this.principal = Objects.requireNonNull(principal, "principal");
        this.ip = ip;
        this.config = services.config();
        this.id = newId();
        this.outbox = new Outbox(config.limits().outboundBufferMessages(), config.limits().outboundBufferBytes(),
                batch, executor, services.clock());
        this.router = new CommandRouter(this, services);
        this.strikes = new StrikeCounter(config.limits().strikes(), 10_000);
        this.openedAt = now();
        this.expiryGraceMs = services.tokens().leeway().toMillis();
        this.lastInboundAt = openedAt;
        this.pingSentAt = openedAt;
    }

    /** The opaque session id sent in {@code welcome}. */
    public String id() {
        return id;
    }

    public Principal principal() {
        return principal;
    }

    public String ip() {
        return ip;
    }

    public long openedAt() {
        return openedAt;
    }

    public long messagesIn() {
        return messagesIn;
    }

    public long messagesOut() {
        return messagesOut;
    }

    /** Envelopes waiting in the outbox. */
    public int queuedMessages() {
        return outbox.queuedMessages();
    }

    /** Payload bytes waiting in the outbox. */
    public long queuedBytes() {
        return outbox.queuedBytes();
    }

    /** The frames to write, in order; subscribe once. Completes after a draining close or at once after an abrupt one. */
    public Publisher<OutboundFrame> outbound() {
        return Flux.from(outbox).doOnNext(f -> {
            messagesOut += f.envelopes();
            services.observer().frameOut(f);
        }).doFinally(s -> ended());
    }

    /** Emits the code of a close that must go out now, ahead of anything still queued. */
    public Mono<CloseCode> abruptClose() {
        return abrupt.asMono();
    }

    /** The close code to send once {@link #outbound()} completes; null when the client closed first. */
    public CloseCode closeCode() {
        CloseStatus s = closeStatus();
        return s == null ? null : s.kind();
    }

    /** The close frame (code and reason) to send; null when the client closed first or nothing closed yet. */
    public CloseStatus closeStatus() {
        Closing c = closing.get();
        return c == null ? null : c.status;
    }

    /**
     * Sends {@code welcome}, then runs the client's commands one at a time until the inbound ends.
     *
     * @return completes when the inbound completes; the session is then closed
     */
    public Mono<Void> run(Flux<InboundFrame> inbound) {
        services.registry().add(this);
        services.observer().opened(this);
        reply(new ServerMessage.Welcome(id, principal.clientId(), 1, config.heartbeat().interval().toMillis(),
                config.limits().maxMessageBytes(), config.limits().ratePerSecond(), config.limits().burst()));
        return inbound
                .concatMap(this::handle, 1)
                .onErrorResume(e -> {
                    log.debug("session {}: inbound failed", id, e);
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(() -> close(null, false)));
    }

    /** Any frame from the client (pongs included) proves it alive. */
    public void touch() {
        lastInboundAt = now();
    }

    /**
     * Closes the session once; later calls are ignored.
     *
     * @param code the close code to send, or null when the client already closed
     * @param drain whether queued envelopes go out before the close frame
     */
    public void close(CloseCode code, boolean drain) {
        closeWith(code == null ? null : CloseStatus.of(code), drain);
    }

    /**
     * As {@link #close(CloseCode, boolean)}, with a close frame of its own (a server-API disconnect's code and reason).
     */
    public void closeWith(CloseStatus status, boolean drain) {
        if (!closing.compareAndSet(null, new Closing(status, drain))) {
            return;
        }
        CloseCode code = status == null ? null : status.kind();
        subscriptions.values().forEach(s -> {
            s.close();
            services.broker().unsubscribe(s.channel(), s).subscribe();
        });
        subscriptions.clear();
        if (drain) {
            outbox.complete();
            // A peer that stops reading must not hold a draining close open forever.
            Duration budget = code == CloseCode.GOING_AWAY ? config.server().drainTimeout() : CLOSE_BUDGET;
            services.clock().schedule(() -> abrupt.tryEmitValue(code), budget.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            outbox.terminate();
            if (code != null) {
                abrupt.tryEmitValue(code);
            } else {
                abrupt.tryEmitEmpty();
            }
        }
        services.registry().remove(this);
        services.observer().closed(this, code);
        ended();
    }

    private void ended() {
        if (ends.incrementAndGet() == 2) {
            services.observer().finished(this, closeStatus());
        }
    }

    public boolean isClosing() {
        return closing.get() != null;
    }

    /** Called by the shared heartbeat sweep. */
    void heartbeat(long now, long intervalMs, long timeoutMs) {
        if (isClosing()) {
            return;
        }
        Instant exp = principal.expiresAt();
        if (exp != null && now - expiryGraceMs >= exp.toEpochMilli()) {
            // Checked on the shared sweep, so the close comes at most one tick late and costs no timer.
            close(CloseCode.TOKEN_EXPIRED, false);
            return;
        }
        synchronized (this) {
            if (awaitingPong) {
                if (lastInboundAt >= pingSentAt) {
                    awaitingPong = false;
                } else if (now - pingSentAt >= timeoutMs) {
                    close(CloseCode.HEARTBEAT_TIMEOUT, false);
                    return;
                }
            }
            if (!awaitingPong && now - pingSentAt >= intervalMs) {
                pingSentAt = now;
                awaitingPong = true;
                outbox.offerPing();
            }
        }
    }

    private Mono<Void> handle(InboundFrame frame) {
        lastInboundAt = now();
        messagesIn++;
        if (isClosing()) {
            return Mono.empty();
        }
        byte[] payload = frame.payload();
        if (payload.length > config.limits().maxMessageBytes()) {
            services.observer().messageIn("too_large", payload.length);
            if (charge(null, 1)) {
                error(null, ErrorCode.TOO_LARGE, "message of " + payload.length + " bytes is over the limit of "
                        + config.limits().maxMessageBytes());
            }
            return Mono.empty();
        }
        Decoded decoded = CODEC.decode(payload);
        if (decoded instanceof Decoded.Failure f) {
            services.observer().messageIn("invalid", payload.length);
            if (charge(f.id(), 1)) {
                reply(f.toError());
            }
            return Mono.empty();
        }
        ClientCommand command = ((Decoded.Command) decoded).command();
        services.observer().messageIn(command.type(), payload.length);
        if (!charge(command.id(), router.cost(command))) {
            return Mono.empty();
        }
        return router.route(command);
    }

    /** Takes tokens; on refusal answers rate_limited and counts a strike. */
    private boolean charge(MessageId mid, long cost) {
        RateDecision d = services.rateLimiter().tryAcquire(principal.clientId(), cost);
        if (d.allowed()) {
            return true;
        }
        services.observer().rateLimited();
        reply(new ServerMessage.Error(mid, ErrorCode.RATE_LIMITED,
                "rate limit exceeded: " + config.limits().ratePerSecond() + "/s, burst " + config.limits().burst(),
                d.retryAfterMs()));
        if (strikes.strike(now())) {
            // Drain: the client should still see the refusals that led to the close.
            close(CloseCode.POLICY_VIOLATION, true);
        }
        return false;
    }

    void error(MessageId mid, ErrorCode code, String message) {
        reply(ServerMessage.Error.of(mid, code, message));
    }

    /** Queues a reply; a full outbox makes this client a slow consumer. */
    void reply(ServerMessage message) {
        if (message instanceof ServerMessage.Error e) {
            services.observer().errorSent(e.code());
        }
        offered(outbox.offer(CODEC.encode(message), config.channels().defaults().batchMaxSize(), 0));
    }

    /** Queues a live channel event with its namespace's batching. */
    void deliver(ChannelEvent event, NamespaceConfig settings) {
        deliver(event, settings, true);
    }

    /** @param live false for a replay from history, whose age says nothing about delivery latency */
    void deliver(ChannelEvent event, NamespaceConfig settings, boolean live) {
        offered(outbox.offer(event.wire(), settings.batchMaxSize(), settings.batchMaxDelay().toMillis(),
                live ? event.ts() : OutboundFrame.NO_EVENT));
    }

    private void offered(Outbox.Offer result) {
        if (result == Outbox.Offer.OVERFLOW) {
            slowConsumer();
        }
    }

    void slowConsumer() {
        if (!isClosing()) {
            services.observer().slowConsumer();
            close(CloseCode.SLOW_CONSUMER, false);
        }
    }

    int heldEventLimit() {
        return config.limits().outboundBufferMessages();
    }

    Map<String, ChannelSubscription> subscriptions() {
        return subscriptions;
    }

    void setPrincipal(Principal p) {
        this.principal = p;
    }

    long now() {
        return services.clock().now(TimeUnit.MILLISECONDS);
    }

    private static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
    }

    private record Closing(CloseStatus status, boolean drain) {
    }
}
