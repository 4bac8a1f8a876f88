package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point with {@code logging.format: json}: every line it prints is one JSON object. */
class JsonLogProcessTest {
    private static final Pattern BANNER = Pattern.compile("listening on ws://127\\.0\\.0\\.1:(\\d+)/ws");

    /** The banner's port, read from the JSON line's message (the encoder writes '/' as '\\/'). */
    private static int awaitPort(GatewayProcess gw) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : gw.output) {
                Matcher m = BANNER.matcher(TestClient.JSON.readTree(line).path("formattedMessage").asText());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            assertThat(gw.process.isAlive()).as("gateway running; output: " + gw.output).isTrue();
            Thread.onSpinWait();
        }
        throw new AssertionError("no banner within 20 s: " + gw.output);
    }
    @Test
    void everyOutputLineIsAJsonObjectIncludingTheAccessLog(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("fluxgate.yaml");
        Files.writeString(cfg, "server:\n  port: 0\n  adminPort: 0\nlogging:\n  format: json\n  level: info\n");
        List<JsonNode> lines = new ArrayList<>();
        try (GatewayProcess gw = GatewayProcess.launch(List.of(), "--config", cfg.toString())) {
            int port = awaitPort(gw);
            try (TestClient c = TestClient.connect(port, "client=jsonlog&token=never-logged")) {
                c.next("welcome");
                c.send("type", "ping");
                c.next("pong");
                // SIGTERM through the handle: Process.destroy() would also close our end of the output pipe.
                gw.process.toHandle().destroy();
                assertThat(c.awaitClose()).isEqualTo(1001);
            }
            assertThat(gw.awaitExit()).isZero();
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (gw.output.stream().noneMatch(l -> l.contains("fluxgate stopped")) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            for (String line : gw.output) {
                assertThat(line).doesNotContain("never-logged");
                JsonNode n;
                try {
                    n = TestClient.JSON.readTree(line);
                } catch (Exception e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
                assertThat(n.isObject()).as(line).isTrue();
                assertThat(n.has("level") && n.has("loggerName") && n.has("formattedMessage")).as(line).isTrue();
                lines.add(n);
            }
        }
        assertThat(lines).anySatisfy(n -> assertThat(n.path("formattedMessage").asText()).contains("listening on"));
        assertThat(lines).anySatisfy(n -> assertThat(n.path("formattedMessage").asText()).isEqualTo("fluxgate stopped"));
        assertThat(lines).anySatisfy(n -> assertThat(n.path("formattedMessage").asText())
                .contains("operations endpoints"));
        JsonNode access = lines.stream().filter(n -> n.path("loggerName").asText().equals("io.fluxgate.access"))
                .findFirst().orElseThrow(() -> new AssertionError("no access line in " + lines));
        assertThat(access.path("kvpList").toString()).contains("\"client\":\"jsonlog\"").contains("\"close\":\"1001\"")
                .contains("\"messagesIn\":\"1\"").contains("\"messagesOut\":\"2\"");
    }
}
