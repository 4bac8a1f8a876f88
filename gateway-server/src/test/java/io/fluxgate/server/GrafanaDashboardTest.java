package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.server.metrics.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/grafana/fluxgate-dashboard.json is valid dashboard JSON whose queries use only metrics the gateway exports. */
class GrafanaDashboardTest extends GatewayTestBase {
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "fluxgate-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:fluxgate|jvm|process|system|netty)_[a-z0-9_]+");
    private static final Pattern LABEL_MATCH = Pattern.compile("\\b([a-z_]+)=~?\"");

    @Test
    void everyQueryUsesExportedSeriesAndLabels() throws Exception {
        JsonNode dash = TestClient.JSON.readTree(Files.readString(DASHBOARD));
        assertThat(dash.path("title").asText()).isNotBlank();
        assertThat(dash.path("uid").asText()).isNotBlank();
        assertThat(dash.path("schemaVersion").asInt()).isPositive();

        start("");
        try (TestClient c = connect("client=dash")) {
            c.send("type", "subscribe", "channel", "d");
            c.next("subscribed");
            c.send("type", "publish", "channel", "d", "data", 1);
            c.next("event");
        }
        // GC meters appear with the first collection the JVM reports (asynchronously): make sure there was one.
        System.gc();
        long deadline = System.nanoTime() + 15_000_000_000L;
        PrometheusText scrape = PrometheusText.parse(HttpProbe.get(port(), "/metrics").body());
        while (!scrape.families().containsKey("jvm_gc_pause_seconds") && System.nanoTime() < deadline) {
            scrape = PrometheusText.parse(HttpProbe.get(port(), "/metrics").body());
        }
        Set<String> samples = new HashSet<>();
        Set<String> labels = new HashSet<>(Set.of("instance", "job"));
        scrape.families().values().forEach(f -> f.samples().forEach(s -> {
            samples.add(s.name());
            labels.addAll(s.labels().keySet());
        }));

        Set<Integer> ids = new HashSet<>();
        Set<String> used = new TreeSet<>();
        int queries = 0;
        for (JsonNode panel : dash.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                queries++;
                Matcher m = METRIC.matcher(expr);
                while (m.find()) {
                    used.add(m.group());
                    assertThat(samples).as("series in: " + expr).contains(m.group());
                }
                Matcher l = LABEL_MATCH.matcher(expr);
                while (l.find()) {
                    assertThat(labels).as("label in: " + expr).contains(l.group(1));
                }
                assertThat(count(expr, '(')).as("balanced: " + expr).isEqualTo(count(expr, ')'));
                assertThat(count(expr, '{')).as("balanced: " + expr).isEqualTo(count(expr, '}'));
            }
        }
        assertThat(queries).isGreaterThan(20);
        assertThat(used).contains("fluxgate_connections", "fluxgate_errors_sent_total",
                "fluxgate_delivery_latency_seconds_bucket", "fluxgate_slow_consumers_total", "jvm_memory_used_bytes",
                "fluxgate_messages_received_total");
    }

    private static long count(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }
}
