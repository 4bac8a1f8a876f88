package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM: banner, config errors, SIGTERM drain and exit code 0. */
class ProcessLifecycleTest {
    @Test
    void sigtermDrainsSessionsWith1001AndExitsZero() throws Exception {
        try (GatewayProcess gw = GatewayProcess.launch(List.of(), "--port", "0")) {
            int port = gw.awaitPort();
            try (TestClient c = TestClient.connect(port, "client=proc")) {
                c.send("type", "subscribe", "channel", "proc");
                c.next("subscribed");
                c.send("type", "publish", "channel", "proc", "data", "before-shutdown");
                c.next("event");
                gw.process.destroy(); // SIGTERM
                assertThat(c.awaitClose()).isEqualTo(1001);
            }
            assertThat(gw.awaitExit()).isZero();
        }
    }

    @Test
    void aBadConfigStopsStartUpWithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("fluxgate.yaml");
        Files.writeString(cfg, "server:\n  port: 70000\n");
        try (GatewayProcess gw = GatewayProcess.launch(List.of(), "--config", cfg.toString())) {
            assertThat(gw.awaitExit()).isEqualTo(2);
            String out = String.join("\n", gw.output).trim();
            assertThat(out.lines().count()).isEqualTo(1);
            assertThat(out).contains("server.port").contains("70000").contains("expected");
        }
    }

    @Test
    void openModeRefusesANonLoopbackHost() throws Exception {
        try (GatewayProcess gw = GatewayProcess.launch(List.of(), "--host", "0.0.0.0", "--port", "0")) {
            assertThat(gw.awaitExit()).isEqualTo(2);
            assertThat(String.join("\n", gw.output)).contains("server.host").contains("--allow-anonymous");
        }
    }

}
