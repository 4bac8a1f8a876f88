package io.fluxgate.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fluxgate.bench.report.ServerStats.Snapshot;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

    static Histogram latencies(long fromMicros, long toMicros) {
        Histogram h = new Histogram(3);
        for (long v = fromMicros; v <= toMicros; v++) {
            h.recordValue(v * 1000);
        }
        return h;
    }

    @Test
    void mergeAddsCountersHistogramsAndSeriesAndKeepsTheLongestTime() {
        Report a = new Report("echo", "ws://127.0.0.1:1/ws").seconds(10).primary("messages");
        a.count("messages", 1000).histogram("round trip", latencies(1, 1000)).series("answers", new long[] {1, 2});
        Report b = new Report("echo", "ws://127.0.0.1:1/ws").seconds(10.5);
        b.count("messages", 1000).count("errors", 1).histogram("round trip", latencies(1001, 2000))
                .series("answers", new long[] {10, 20, 30}).warn("slow");
        a.merge(b);
        assertThat(a.counter("messages")).isEqualTo(2000);
        assertThat(a.counter("errors")).isEqualTo(1);
        assertThat(a.histograms().get("round trip").getTotalCount()).isEqualTo(2000);
        assertThat(a.histograms().get("round trip").getValueAtPercentile(50)).isBetween(990_000L, 1_010_000L);
        assertThat(a.timeline().get("answers")).containsExactly(11, 22, 30);
        assertThat(a.seconds()).isEqualTo(10.5);
        assertThat(a.warnings()).containsExactly("slow");
    }

    @Test
    void jsonRoundTripKeepsEverythingNeededToMerge() throws Exception {
        Report r = new Report("broadcast", "ws://127.0.0.1:1/ws").seconds(3).primary("deliveries");
        r.count("deliveries", 5000).count("lost", 0).param("rate", 100);
        r.histogram("publish->receive", latencies(100, 5000));
        Histogram batches = new Histogram(3);
        batches.recordValue(64);
        r.countHistogram("envelopes per frame", batches);
        r.series("deliveries", new long[] {1000, 2000, 2000});
        r.server(new ServerStats(42, 100, new Snapshot(0, 1000, -1, 10), new Snapshot(100, 2000, -1, 10),
                new Snapshot(400, 3000, -1, 12)));
        Report back = ReportJson.read(ReportJson.write(r, false));
        assertThat(back.counters()).isEqualTo(r.counters());
        assertThat(back.params()).containsEntry("rate", "100");
        assertThat(back.isCount("envelopes per frame")).isTrue();
        assertThat(back.histograms().get("publish->receive").getValueAtPercentile(99))
                .isEqualTo(r.histograms().get("publish->receive").getValueAtPercentile(99));
        assertThat(back.timeline().get("deliveries")).containsExactly(1000, 2000, 2000);
        assertThat(back.server()).isEqualTo(r.server());
        assertThat(Figures.of(back)).isEqualTo(Figures.of(r));
    }

    @Test
    void figuresDeriveRatesCpuPerMessageAndMemoryPerConnection() {
        Report r = new Report("connect", "t").seconds(4).primary("messages");
        r.count("messages", 8000).count("connected", 1000);
        r.histogram("connect", latencies(1, 100));
        // 2 CPU seconds (200 ticks at 100/s); RSS grew 8000 KB for 1000 connections.
        r.server(new ServerStats(1, 100, new Snapshot(0, 100_000, 10 << 20, 5), new Snapshot(100, 108_000, 14 << 20, 5),
                new Snapshot(300, 110_000, -1, 5)));
        Map<String, Double> f = Figures.of(r);
        assertThat(f.get("messages/s")).isEqualTo(2000.0);
        assertThat(f.get("server cpu s")).isEqualTo(2.0);
        assertThat(f.get("messages/server-cpu-s")).isEqualTo(4000.0);
        assertThat(f.get("server cpu %")).isEqualTo(50.0);
        assertThat(f.get("server rss KB/conn (held)")).isEqualTo(8.0);
        assertThat(f.get("server rss KB/conn (end)")).isEqualTo(10.0);
        assertThat(f.get("server heap KB/conn")).isCloseTo(4.096, within(1e-9));
        assertThat(f.get("connect p50 ms")).isCloseTo(0.050, within(0.001));
        assertThat(f.get("connect max ms")).isCloseTo(0.100, within(0.001));
    }

    @Test
    void noServerFiguresWithoutAPid() {
        Report r = new Report("echo", "t").seconds(1).primary("messages").count("messages", 10);
        assertThat(Figures.of(r)).doesNotContainKeys("server cpu s", "messages/server-cpu-s");
    }

    @Test
    void summaryAndComparisonTables() {
        Report r = new Report("echo", "ws://x").seconds(2).primary("messages").count("messages", 123_456);
        r.warn("something odd");
        String s = SummaryTable.of(r);
        assertThat(s).contains("== echo against ws://x", "| messages", "123,456", "61,728", "WARNING: something odd");
        var rows = SummaryTable.compareRows(Map.of("x", 50.0), Map.of("x", 100.0, "y", 1.0));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsExactly("x", "50", "100", "0.500");
    }

    @Test
    void htmlIsSelfContainedWithBothCharts() {
        Report r = new Report("echo", "ws://127.0.0.1:1/ws").seconds(3).primary("messages");
        r.count("messages", 3).histogram("round trip", latencies(1, 2000)).series("answers", new long[] {1, 5, 3});
        String html = HtmlReport.of(java.util.List.of(r));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "<polyline", "Latency by percentile",
                "Throughput over time", "round trip", "answers");
        assertThat(html).doesNotContain("<script", "<link", "src=\"http", "href=\"http");
    }

    @Test
    void formatting() {
        assertThat(Figures.format(1234567)).isEqualTo("1,234,567");
        assertThat(Figures.format(0.12345)).isEqualTo("0.123");
        assertThat(Figures.format(1234.56)).isEqualTo("1,234.6");
        assertThat(Figures.format(Double.NaN)).isEqualTo("n/a");
    }
}
