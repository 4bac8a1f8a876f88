package io.fluxgate.server;

import io.fluxgate.broker.InMemoryBroker;
import io.fluxgate.channel.ChannelPolicy;
import io.fluxgate.config.GatewayConfig;
import io.fluxgate.protocol.CloseCode;
import io.fluxgate.ratelimit.Bucket4jRateLimiter;
import io.fluxgate.server.auth.JwtAuthenticator;
import io.fluxgate.server.http.ApiHandler;
import io.fluxgate.server.http.HealthHandler;
import io.fluxgate.server.http.MetricsHandler;
import io.fluxgate.server.http.ReadinessCheck;
import io.fluxgate.server.logging.AccessLog;
import io.fluxgate.server.logging.LogsChannelAppender;
import io.fluxgate.server.metrics.GatewayMetrics;
import io.fluxgate.server.metrics.PlatformMetrics;
import io.fluxgate.server.ws.Authenticator;
import io.fluxgate.server.ws.ConnectionGuard;
import io.fluxgate.server.ws.HandshakeChecks;
import io.fluxgate.server.ws.OpenAuthenticator;
import io.fluxgate.server.ws.WebSocketHandler;
import io.fluxgate.session.GatewayServices;
import io.fluxgate.session.HeartbeatMonitor;
import io.fluxgate.session.SessionObserver;
import io.fluxgate.session.SessionRegistry;
import io.fluxgate.session.TokenVerifier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/** Assembles the gateway from a configuration and runs it until {@link #close()}. */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(5);

    private final GatewayConfig config;
    private final GatewayServices services;
    private final InMemoryBroker broker;
    private final HeartbeatMonitor heartbeat;
    private final ConnectionGuard guard;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final DisposableServer server;
    /** The admin listener for /health, /ready, /metrics when {@code server.adminPort} is set, else null. */
    private final DisposableServer admin;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PlatformMetrics platformMetrics;
    private final LogsChannelAppender logs;
    private volatile boolean closed;

    private GatewayServer(GatewayConfig config, Scheduler clock, Authenticator authenticator) {
        this.config = config;
        ChannelPolicy policy = new ChannelPolicy(config.channels());
        this.broker = new InMemoryBroker(policy::settings, clock, SWEEP_EVERY);
        SessionRegistry registry = new SessionRegistry();
        this.platformMetrics = PlatformMetrics.bindTo(meters);
        SessionObserver observer = new GatewayMetrics(meters, clock, registry, broker::channelCount,
                broker::historyEvents).andThen(new AccessLog(clock));
        this.services = new GatewayServices(config, broker, policy,
                new Bucket4jRateLimiter(config.limits().ratePerSecond(), config.limits().burst(), clock),
                clock, registry, observer,
                authenticator instanceof TokenVerifier tokens ? tokens : TokenVerifier.NONE);
        this.guard = new ConnectionGuard(config.server(), clock);
        HandshakeChecks checks = new HandshakeChecks(authenticator, config.server());
        WebSocketHandler ws = new WebSocketHandler(services, checks, guard);
        ApiHandler api = new ApiHandler(services, checks.ips());
        this.heartbeat = new HeartbeatMonitor(config.heartbeat(), registry, clock);
        boolean separateAdmin = config.server().adminPort() != null;
        this.server = HttpServer.create()
                .host(config.server().host())
                .port(config.server().port())
                .channelGroup(channels)
                .idleTimeout(Duration.ofSeconds(60))
                .route(r -> {
                    r.get(config.server().wsPath(), ws::handle);
                    if (!separateAdmin) {
                        operations(r);
                    }
                    // The server API stays on the main port: backends reach it where clients connect.
                    r.route(ApiHandler::matches, api::handle);
                })
                .bindNow(Duration.ofSeconds(10));
        try {
            this.admin = !separateAdmin ? null : HttpServer.create()
                    .host(config.server().host())
                    .port(config.server().adminPort())
                    .channelGroup(channels)
                    .idleTimeout(Duration.ofSeconds(60))
                    .route(this::operations)
                    .bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            server.disposeNow(Duration.ofSeconds(5));
            broker.close();
            platformMetrics.close();
            throw e;
        }
        this.logs = LogsChannelAppender.attach(broker, clock, config.logging());
        if (logs != null) {
            FunctionCounter.builder("fluxgate.logs.dropped", logs, LogsChannelAppender::dropped)
                    .description("$logs records dropped (feed queue full)").register(meters);
        }
    }

    /** /health, /ready and /metrics: on the main port, or only on the admin port when one is configured. */
    private void operations(HttpServerRoutes r) {
        HealthHandler health = new HealthHandler(List.of(ReadinessCheck.draining(guard)), guard::open);
        MetricsHandler metrics = new MetricsHandler(meters);
        r.get("/health", health::health)
                .get("/ready", health::ready)
                .get("/metrics", metrics::metrics);
    }

    /** Binds and starts a gateway with the given configuration. */
    public static GatewayServer start(GatewayConfig config) {
        return start(config, Schedulers.parallel());
    }

    /**
     * Starts a gateway whose timers and clocks (rate limits, heartbeats, history TTL, batching windows) run on
     * {@code clock}; tests pass a virtual-time scheduler.
     */
    public static GatewayServer start(GatewayConfig config, Scheduler clock) {
        return start(config, clock, config.auth().enabled()
                ? new JwtAuthenticator(config.auth().jwtSecret(), clock) : new OpenAuthenticator());
    }

    /**
     * Starts a gateway that identifies clients with {@code authenticator} instead of the one the configuration
     * selects (JWT with {@code auth.jwtSecret}, else open mode); for embedding (a custom identity source) and for
     * tests. An authenticator that is also a {@link TokenVerifier} answers {@code refresh} and sets the expiry.
     */
    public static GatewayServer start(GatewayConfig config, Scheduler clock, Authenticator authenticator) {
        return new GatewayServer(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(authenticator, "authenticator"));
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.address()).getPort();
    }

    /** The bound admin port, or -1 when {@code server.adminPort} is not set (operations are on the main port). */
    public int adminPort() {
        return admin == null ? -1 : ((InetSocketAddress) admin.address()).getPort();
    }

    /** This gateway's meters (what {@code /metrics} shows). */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.address();
    }

    public GatewayConfig config() {
        return config;
    }

    public GatewayServices services() {
        return services;
    }

    /**
     * Graceful shutdown: readiness turns 503 and new upgrades get 503, every session receives what was already
     * accepted for it and then close 1001; whatever is still open after {@code server.drainTimeout} is cut.
     */
    @Override
    public void close() {
        shutdown(config.server().drainTimeout());
    }

    /** As {@link #close()}, with an explicit drain budget. */
    public synchronized void shutdown(Duration drainTimeout) {
        if (closed) {
            return;
        }
        closed = true;
        guard.startDraining();
        services.registry().drainAll(CloseCode.GOING_AWAY);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        // Runs on the caller's thread (main or a shutdown hook), never on an event loop.
        Flux.interval(Duration.ofMillis(20))
                .takeUntil(t -> guard.open() == 0 || System.nanoTime() > deadline)
                .blockLast(drainTimeout.plusSeconds(1));
        if (guard.open() > 0) {
            log.warn("drain timeout: cutting {} connections still open after {}", guard.open(), drainTimeout);
        }
        heartbeat.close();
        channels.close().awaitUninterruptibly(5_000);
        server.disposeNow(Duration.ofSeconds(5));
        if (admin != null) {
            admin.disposeNow(Duration.ofSeconds(5));
        }
        if (logs != null) {
            logs.detach();
        }
        broker.close();
        platformMetrics.close();
        meters.close();
    }
}
