package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM: banner, config errors, SIGTERM drain and exit code 0. */
class ProcessLifecycleTest {
    private static final Pattern BANNER = Pattern.compile("listening on ws://127\\.0\\.0\\.1:(\\d+)/ws \\(mode: open");

    private static Process launch(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.fluxgate.server.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void sigtermDrainsSessionsWith1001AndExitsZero() throws Exception {
        Process p = launch("--port", "0");
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            int port = -1;
            while (port < 0) {
                String line = lines.poll(20, TimeUnit.SECONDS);
                assertThat(line).as("banner line").isNotNull();
                Matcher m = BANNER.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            try (TestClient c = TestClient.connect(port, "client=proc")) {
                c.send("type", "subscribe", "channel", "proc");
                c.next("subscribed");
                c.send("type", "publish", "channel", "proc", "data", "before-shutdown");
                c.next("event");
                p.destroy(); // SIGTERM
                assertThat(c.awaitClose()).isEqualTo(1001);
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aBadConfigStopsStartUpWithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("fluxgate.yaml");
        Files.writeString(cfg, "server:\n  port: 70000\n");
        Process p = launch("--config", cfg.toString());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out.lines().count()).isEqualTo(1);
        assertThat(out).contains("server.port").contains("70000").contains("expected");
    }

    @Test
    void openModeRefusesANonLoopbackHost() throws Exception {
        Process p = launch("--host", "0.0.0.0", "--port", "0");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("server.host").contains("--allow-anonymous");
    }

}
