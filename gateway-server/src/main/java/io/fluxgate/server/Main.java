package io.fluxgate.server;

import io.fluxgate.config.ConfigException;
import io.fluxgate.config.ConfigLoader;
import io.fluxgate.config.GatewayConfig;
import io.fluxgate.config.Durations;
import io.fluxgate.server.logging.LogSetup;
import io.netty.channel.epoll.Epoll;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar fluxgate.jar}: loads the configuration, starts the gateway, drains on SIGTERM and exits 0. */
@Command(name = "fluxgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Reactive WebSocket gateway. Every option can also be set in the YAML file or as FLUXGATE_* "
                + "environment variables (see README, Configuration).")
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    static final String SEND_PREFETCH = "reactor.netty.send.maxPrefetchSize";

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    @Option(names = "--host", description = "Bind address (server.host). Default 127.0.0.1.")
    String host;

    @Option(names = "--port", description = "Main port (server.port); 0 picks a free one. Default 8080.")
    Integer port;

    @Option(names = "--allow-anonymous",
            description = "Allow open mode (no auth.jwtSecret) on a non-loopback host. For trusted networks only.")
    boolean allowAnonymous;

    public static void main(String[] args) {
        limitSendPrefetch();
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg;
        try {
            Map<String, Object> flags = new LinkedHashMap<>();
            if (host != null) {
                flags.put("server.host", host);
            }
            if (port != null) {
                flags.put("server.port", port);
            }
            cfg = ConfigLoader.load(config, System.getenv(), flags);
            checkOpenMode(cfg, allowAnonymous);
        } catch (ConfigException e) {
            System.err.println("fluxgate: configuration error: " + e.getMessage());
            return 2;
        }
        LogSetup.apply(cfg.logging());
        long started = System.nanoTime();
        GatewayServer server = GatewayServer.start(cfg);
        log.info("fluxgate {} listening on ws://{}:{}{} (mode: {}, transport: {}, config: {}) in {} ms",
                Version.current(), server.address().getAddress().getHostAddress(), server.port(),
                cfg.server().wsPath(), cfg.auth().enabled() ? "auth" : "open",
                Epoll.isAvailable() ? "epoll" : "nio", config == null ? "embedded defaults" : config,
                (System.nanoTime() - started) / 1_000_000);
        if (server.adminPort() >= 0) {
            log.info("operations endpoints (/health, /ready, /metrics) on http://{}:{}",
                    server.address().getAddress().getHostAddress(), server.adminPort());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable drainAndExit = () -> {
            log.info("shutdown requested: draining for up to {}", Durations.format(cfg.server().drainTimeout()));
            server.close();
            log.info("fluxgate stopped");
            stopped.countDown();
        };
        // SIGTERM/SIGINT drain and exit 0; a JVM shutdown hook would exit 143.
        Signals.onTerminate(drainAndExit);
        stopped.await();
        return 0;
    }

    /**
     * Reactor Netty lets each connection's writer hold up to 128 frames not yet written (JVM-wide, read once when
     * its sender class loads). The outbox already queues and bounds everything, so 32 suffices: measured 0.4 KB
     * less heap per idle connection at equal broadcast and burst throughput, and a slow reader pins 4x fewer
     * frames in Netty. An explicit {@code -Dreactor.netty.send.maxPrefetchSize} wins.
     */
    static void limitSendPrefetch() {
        if (System.getProperty(SEND_PREFETCH) == null) {
            System.setProperty(SEND_PREFETCH, "32");
        }
    }

    /** Open mode exposes every channel to anyone who can connect: loopback only unless explicitly allowed. */
    static void checkOpenMode(GatewayConfig cfg, boolean allowAnonymous) {
        if (cfg.auth().enabled() || allowAnonymous) {
            return;
        }
        String h = cfg.server().host();
        boolean loopback;
        try {
            loopback = h.equals("localhost") || InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("server.host: " + h + " (expected: a resolvable host)");
        }
        if (!loopback) {
            throw new ConfigException("server.host: " + h + " (expected: a loopback address in open mode;"
                    + " set auth.jwtSecret, or pass --allow-anonymous on a trusted network)");
        }
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        static String current() {
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"fluxgate " + current()};
        }
    }
}
