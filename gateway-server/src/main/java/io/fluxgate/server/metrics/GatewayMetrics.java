package io.fluxgate.server.metrics;

import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.ErrorCode;
import io.fluxgate.session.ClientSession;
import io.fluxgate.session.OutboundFrame;
import io.fluxgate.session.SessionObserver;
import io.fluxgate.session.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import reactor.core.scheduler.Scheduler;

/**
 * The gateway's own meters ({@code fluxgate_*}), fed by the session hooks. Every tag value comes from a closed
 * set known up front (command types, close codes, error codes), and every counter is created here, so the hot
 * path is a map lookup and an atomic add, never a registry lookup or a lock.
 */
public final class GatewayMetrics implements SessionObserver {
    /** Tag value of {@code fluxgate_connections_closed_total} when the client closed or the socket dropped. */
    public static final String CLIENT_CLOSED = "client";
    /** Tag value of {@code fluxgate_messages_received_total} for a type outside the known set. */
    static final String OTHER = "other";
    private static final String[] MESSAGE_TYPES = {
        "subscribe", "unsubscribe", "publish", "ping", "refresh", "invalid", "too_large", OTHER};

    private final Scheduler clock;
    private final Counter opened;
    private final Map<CloseCode, Counter> closedBy = new EnumMap<>(CloseCode.class);
    private final Counter closedByClient;
    private final Map<String, Counter> received;
    private final Counter receivedBytes;
    private final Counter messagesSent;
    private final Counter framesSent;
    private final Counter sentBytes;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Counter rateLimited;
    private final Counter slowConsumers;
    private final DistributionSummary batchSize;
    private final Timer deliveryLatency;

    /**
     * @param registry where the meters go (one per gateway, so several gateways in a JVM do not share meters)
     * @param clock the gateway clock, the one {@code ChannelEvent.ts} is taken on
     * @param sessions the open sessions, for the connection and queue-depth gauges
     * @param channels channels the broker holds now
     * @param historyEvents events the broker holds in all histories now
     */
    public GatewayMetrics(MeterRegistry registry, Scheduler clock, SessionRegistry sessions, IntSupplier channels,
                          LongSupplier historyEvents) {
        Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(historyEvents, "historyEvents");

        Gauge.builder("fluxgate.connections", sessions, SessionRegistry::size).strongReference(true)
                .description("Open WebSocket sessions (not yet closing)").register(registry);
        opened = Counter.builder("fluxgate.connections.opened")
                .description("WebSocket sessions opened").register(registry);
        for (CloseCode c : CloseCode.values()) {
            closedBy.put(c, closed(registry, Integer.toString(c.code())));
        }
        closedByClient = closed(registry, CLIENT_CLOSED);

        Map<String, Counter> byType = new HashMap<>();
        for (String t : MESSAGE_TYPES) {
            byType.put(t, Counter.builder("fluxgate.messages.received").tag("type", t)
                    .description("Client messages received, by envelope type (invalid: undecodable)")
                    .register(registry));
        }
        received = Map.copyOf(byType);
        receivedBytes = Counter.builder("fluxgate.received").baseUnit("bytes")
                .description("Payload bytes of client messages").register(registry);
        messagesSent = Counter.builder("fluxgate.messages.sent")
                .description("Envelopes handed to the socket writer").register(registry);
        framesSent = Counter.builder("fluxgate.frames.sent")
                .description("WebSocket frames handed to the socket writer (pings included)").register(registry);
        sentBytes = Counter.builder("fluxgate.sent").baseUnit("bytes")
                .description("Payload bytes of frames handed to the socket writer").register(registry);
        for (ErrorCode e : ErrorCode.values()) {
            errors.put(e, Counter.builder("fluxgate.errors.sent").tag("code", e.wireName())
                    .description("error envelopes sent, by code").register(registry));
        }
        rateLimited = Counter.builder("fluxgate.rate.limited")
                .description("Commands refused with rate_limited").register(registry);
        slowConsumers = Counter.builder("fluxgate.slow.consumers")
                .description("Sessions closed 4009 because their outbound buffer overflowed").register(registry);

        queueGauge(registry, "fluxgate.outbound.queued.messages", null, sessions, QueueDepth::messages,
                "Envelopes waiting in all outbound buffers");
        queueGauge(registry, "fluxgate.outbound.queued.messages.max", null, sessions, QueueDepth::maxMessages,
                "Envelopes waiting in the fullest outbound buffer");
        queueGauge(registry, "fluxgate.outbound.queued.bytes", "bytes", sessions, QueueDepth::bytes,
                "Payload bytes waiting in all outbound buffers");

        batchSize = DistributionSummary.builder("fluxgate.batch.size")
                .description("Envelopes per text frame (above 1 only for batch=true clients)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .register(registry);
        deliveryLatency = Timer.builder("fluxgate.delivery.latency")
                .description("From broker accept to the frame carrying the event handed to the socket writer "
                        + "(earliest event of the frame; live events only)")
                .serviceLevelObjectives(ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500),
                        ms(1000), ms(2500), ms(5000), ms(10_000))
                .register(registry);

        // Strong references: Micrometer holds gauge state weakly, and nothing else holds these lambdas.
        Gauge.builder("fluxgate.channels", channels, IntSupplier::getAsInt).strongReference(true)
                .description("Channels the broker holds").register(registry);
        Gauge.builder("fluxgate.history.events", historyEvents, LongSupplier::getAsLong).strongReference(true)
                .description("Events held in channel histories for recovery").register(registry);
    }

    @Override
    public void opened(ClientSession session) {
        opened.increment();
    }

    @Override
    public void closed(ClientSession session, CloseCode code) {
        (code == null ? closedByClient : closedBy.get(code)).increment();
    }

    @Override
    public void messageIn(String type, int bytes) {
        Counter c = received.get(type);
        (c == null ? received.get(OTHER) : c).increment();
        receivedBytes.increment(bytes);
    }

    @Override
    public void frameOut(OutboundFrame frame) {
        framesSent.increment();
        if (frame.ping()) {
            return;
        }
        messagesSent.increment(frame.envelopes());
        sentBytes.increment(frame.payload().length);
        batchSize.record(frame.envelopes());
        if (frame.hasEvent()) {
            long age = clock.now(TimeUnit.MILLISECONDS) - frame.eventTs();
            deliveryLatency.record(Math.max(0, age), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void errorSent(ErrorCode code) {
        errors.get(code).increment();
    }

    @Override
    public void rateLimited() {
        rateLimited.increment();
    }

    @Override
    public void slowConsumer() {
        slowConsumers.increment();
    }

    private static Counter closed(MeterRegistry registry, String code) {
        return Counter.builder("fluxgate.connections.closed").tag("code", code)
                .description("WebSocket sessions closed, by the close code the server sent (client: the client "
                        + "closed or the socket dropped)")
                .register(registry);
    }

    private static void queueGauge(MeterRegistry registry, String name, String unit, SessionRegistry sessions,
                                   ToDoubleFunction<QueueDepth> value, String description) {
        Gauge.builder(name, sessions, s -> value.applyAsDouble(QueueDepth.of(s))).strongReference(true)
                .baseUnit(unit).description(description).register(registry);
    }

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** One pass over the sessions at scrape time; nothing is tracked on the hot path. */
    private record QueueDepth(double messages, double maxMessages, double bytes) {
        static QueueDepth of(SessionRegistry sessions) {
            long[] acc = new long[3];
            sessions.forEach(s -> {
                int m = s.queuedMessages();
                acc[0] += m;
                acc[1] = Math.max(acc[1], m);
                acc[2] += s.queuedBytes();
            });
            return new QueueDepth(acc[0], acc[1], acc[2]);
        }
    }
}
