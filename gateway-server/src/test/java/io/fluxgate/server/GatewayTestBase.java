package io.fluxgate.server;

import io.fluxgate.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import reactor.core.scheduler.Scheduler;
import org.junit.jupiter.api.AfterEach;

/** Starts a real gateway on port 0 per test and disposes it afterwards; tests talk to it over real sockets. */
public abstract class GatewayTestBase {
    protected GatewayServer server;

    /** Starts the gateway with the given YAML (an empty string keeps the embedded defaults). */
    protected GatewayServer start(String yaml) {
        server = GatewayServer.start(ConfigLoader.fromYaml(yaml, Map.of("server.port", 0)));
        return server;
    }

    /** Starts the gateway on a clock the test drives (e.g. a {@code VirtualTimeScheduler}). */
    protected GatewayServer start(String yaml, Scheduler clock) {
        server = GatewayServer.start(ConfigLoader.fromYaml(yaml, Map.of("server.port", 0)), clock);
        return server;
    }

    protected TestClient connect(String query) {
        return TestClient.connect(server.port(), query);
    }

    protected int port() {
        return server.port();
    }

    @AfterEach
    void disposeServer() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }
}
