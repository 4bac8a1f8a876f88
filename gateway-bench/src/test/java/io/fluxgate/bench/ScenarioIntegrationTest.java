package io.fluxgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.bench.baseline.BaselineServer;
import io.fluxgate.bench.report.Figures;
import io.fluxgate.bench.report.Report;
import io.fluxgate.bench.report.ReportJson;
import io.fluxgate.bench.scenario.Checks;
import io.fluxgate.config.ConfigLoader;
import io.fluxgate.server.GatewayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the scenarios briefly (a few hundred sockets) against a real in-process gateway started from
 * bench-gateway.yaml, and against the baseline server, and checks the reports' counts: nothing lost, no errors.
 */
class ScenarioIntegrationTest {
    static GatewayServer gateway;
    static BaselineServer baseline;
    static BaselineServer echo;

    @BeforeAll
    static void start() throws Exception {
        String yaml = Files.readString(Path.of("bench-gateway.yaml"));
        gateway = GatewayServer.start(ConfigLoader.fromYaml(yaml, Map.of("server.port", 0)));
        baseline = BaselineServer.start("127.0.0.1", 0, 2);
        echo = BaselineServer.start("127.0.0.1", 0, 1, true);
    }

    @AfterAll
    static void stop() {
        gateway.shutdown(Duration.ofSeconds(5));
        baseline.close();
        echo.close();
    }

    static String gw() {
        return "ws://127.0.0.1:" + gateway.port() + "/ws";
    }

    static String bl() {
        return "ws://127.0.0.1:" + baseline.port() + "/ws";
    }

    static Report run(String url, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--quiet"));
        Report r = BenchMain.produce(all);
        assertThat(Checks.failures(r)).as(io.fluxgate.bench.report.SummaryTable.of(r)).isEmpty();
        return r;
    }

    @Test
    void connectHoldsEverySocketAndReadsTheServer() throws Exception {
        Report r = run(gw(), "connect", "-c", "300", "-d", "1s", "--connect-rate", "1000",
                "--server-pid", String.valueOf(ProcessHandle.current().pid()));
        assertThat(r.counter("connected")).isEqualTo(300);
        assertThat(r.counter("held at end")).isEqualTo(300);
        assertThat(r.histograms().get("connect").getTotalCount()).isEqualTo(300);
        assertThat(Figures.of(r)).containsKeys("server rss KB/conn (held)", "server cpu s", "connect p99 ms");
    }

    @Test
    void failuresAreCountedByReasonAndFailTheChecks() throws Exception {
        // A gateway with its default-style per-IP cap, here 5: the rest must show up as HTTP 429, not vanish.
        GatewayServer strict = GatewayServer.start(ConfigLoader.fromYaml("server:\n  perIp:\n    maxConnections: 5\n",
                Map.of("server.port", 0)));
        try {
            Report r = BenchMain.produce(List.of("connect", "--url", "ws://127.0.0.1:" + strict.port() + "/ws",
                    "-c", "12", "-d", "200ms", "--source-addresses", "1", "--quiet"));
            assertThat(r.counter("connected")).isEqualTo(5);
            assertThat(r.counter("connect failed: http 429")).isEqualTo(7);
            assertThat(Checks.failures(r)).containsExactly("connect failures = 7");
        } finally {
            strict.shutdown(Duration.ofSeconds(5));
        }
        Report refused = BenchMain.produce(List.of("connect", "--url", "ws://127.0.0.1:1/ws", "-c", "3", "-d", "100ms",
                "--quiet"));
        assertThat(refused.counter("connect failed: refused")).isEqualTo(3);
    }

    @Test
    void echoClosedAndOpenLoop() throws Exception {
        Report closed = run(gw(), "echo", "-c", "100", "-w", "2", "-d", "2s", "--warmup", "500ms");
        assertThat(closed.counter("connected")).isEqualTo(100);
        assertThat(closed.counter("messages")).isPositive();
        assertThat(closed.histograms().get("round trip").getTotalCount()).isEqualTo(closed.counter("messages"));

        Report open = run(gw(), "echo", "-c", "50", "-r", "500", "-d", "2s", "--warmup", "500ms");
        // 500/s for ~2 s; generous bounds for a loaded machine, the point is that the rate is the generator's.
        assertThat(open.counter("sent")).isBetween(600L, 1400L);
        assertThat(open.counter("messages")).isPositive();
    }

    @Test
    void broadcastDeliversEverySeqOnceInOrder() throws Exception {
        Report r = run(gw(), "broadcast", "-c", "200", "-r", "100", "-d", "2s", "--warmup", "500ms", "--channel", "it-bc");
        assertThat(r.counter("subscribers")).isEqualTo(200);
        assertThat(r.counter("acked")).isEqualTo(r.counter("published")).isPositive();
        assertThat(r.counter("expected deliveries")).isEqualTo(200 * r.counter("acked"));
        assertThat(r.counter("distinct deliveries")).isEqualTo(r.counter("expected deliveries"));
        assertThat(r.counter("lost") + r.counter("duplicates") + r.counter("reorders")).isZero();
        assertThat(r.histograms().get("publish->receive").getTotalCount()).isPositive();
    }

    @Test
    void resumeRecoversEveryDropWithoutLoss() throws Exception {
        Report r = run(gw(), "resume", "-c", "200", "-r", "100", "-d", "3s", "--warmup", "500ms",
                "--drop-every", "500ms", "--drop-fraction", "0.1", "--channel", "it-resume");
        assertThat(r.counter("drops")).as(io.fluxgate.bench.report.SummaryTable.of(r)).isGreaterThanOrEqualTo(40);
        assertThat(r.counter("recovered")).isEqualTo(r.counter("drops"));
        assertThat(r.counter("unrecovered")).isZero();
        assertThat(r.counter("lost")).isZero();
        assertThat(r.counter("distinct deliveries")).isEqualTo(r.counter("expected deliveries")).isPositive();
    }

    @Test
    void burstCountsBatchFrames() throws Exception {
        Report r = run(gw(), "burst", "-c", "100", "-k", "20", "--interval", "200ms", "-d", "2s", "--warmup", "200ms",
                "--channel", "it-burst");
        assertThat(r.isCount("envelopes per frame")).isTrue();
        assertThat(r.histograms().get("envelopes per frame").getMaxValue()).isBetween(1L, 20L);
        assertThat(r.histograms().get("last of burst").getTotalCount()).isPositive();
        assertThat(r.counter("lost")).isZero();
    }

    @Test
    void theSameScenariosRunAgainstTheBaseline() throws Exception {
        Report b = run(bl(), "broadcast", "-c", "100", "-r", "100", "-d", "1s", "--warmup", "200ms");
        assertThat(b.counter("distinct deliveries")).isEqualTo(b.counter("expected deliveries")).isPositive();
        Report r = run(bl(), "resume", "-c", "100", "-r", "100", "-d", "2s", "--warmup", "200ms", "--drop-every", "500ms");
        assertThat(r.counter("recovered")).as(io.fluxgate.bench.report.SummaryTable.of(r))
                .isEqualTo(r.counter("drops")).isPositive();
        Report e = run(bl(), "echo", "-c", "50", "-d", "1s", "--warmup", "200ms");
        assertThat(e.counter("messages")).isPositive();
    }

    @Test
    void broadcastThroughTheHttpApi() throws Exception {
        // Both servers speak the contract's POST /api/publish (open mode: keyless on loopback).
        for (String url : List.of(gw(), bl())) {
            Report r = run(url, "broadcast", "--via", "api", "-c", "100", "-r", "100", "-d", "1s", "--warmup",
                    "200ms", "--channel", "it-api");
            assertThat(r.counter("acked")).isEqualTo(r.counter("published")).isPositive();
            assertThat(r.counter("distinct deliveries")).isEqualTo(100 * r.counter("acked"));
            assertThat(r.counter("lost") + r.counter("duplicates") + r.counter("reorders")).isZero();
            assertThat(r.params()).containsEntry("via", "api");
        }
    }

    @Test
    void rawEchoAgainstAPlainEchoServer() throws Exception {
        Report r = run("ws://127.0.0.1:" + echo.port() + "/ws", "raw-echo", "-c", "50", "-d", "1s", "--warmup", "200ms",
                "--payload", "200");
        assertThat(r.counter("messages")).isPositive();
        assertThat(r.counter("mismatches")).isZero();
    }

    @Test
    void multiProcessRunMergesTheChildren(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        int code = BenchMain.execute("connect", "--url", gw(), "-c", "200", "--procs", "2", "-d", "1s", "--quiet",
                "--json", json.toString(), "--html", html.toString());
        assertThat(code).isZero();
        Report r = ReportJson.read(Files.readString(json));
        assertThat(r.counter("connected")).isEqualTo(200);
        assertThat(r.counter("held at end")).isEqualTo(200);
        assertThat(r.params()).containsEntry("procs", "2");
        assertThat(Files.readString(html)).contains("<svg");

        // Echo over two processes: the children's histograms and series merge into one report.
        Report echo = run(gw(), "echo", "-c", "40", "--procs", "2", "-d", "1s", "--warmup", "200ms");
        assertThat(echo.counter("connected")).isEqualTo(40);
        assertThat(echo.counter("messages")).isPositive()
                .isEqualTo(echo.histograms().get("round trip").getTotalCount());
    }

    @Test
    void compareAlternatesAndPrintsRatios(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("c.json");
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = BenchMain.execute("compare", "--a", gw(), "--a-name", "gateway", "--b", bl(), "--b-name", "baseline",
                    "--rounds", "1", "--json", json.toString(), "--", "echo", "-c", "20", "-d", "1s", "--warmup", "200ms", "--quiet");
        } finally {
            System.setOut(out);
        }
        String text = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("== compare echo", "gateway/baseline", "messages/s");
        assertThat(Files.readString(json)).contains("\"medians\"", "\"ratios\"", "\"runs\"", "\"gateway\"");
    }
}
