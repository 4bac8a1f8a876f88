package io.fluxgate.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What one run measured: summable counters, mergeable histograms (nanoseconds, or plain counts for names listed in
 * {@link #countHistograms}), per-second series, and the server's /proc readings. Child processes each produce one and
 * the parent {@link #merge}s them, so every field must add up across processes.
 */
public final class Report {
    private final String scenario;
    private String target;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Map<String, Histogram> histograms = new LinkedHashMap<>();
    private final List<String> countHistograms = new ArrayList<>();
    private final Map<String, long[]> timeline = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private double seconds;
    private String primary;
    private ServerStats server;

    public Report(String scenario, String target) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.target = Objects.requireNonNull(target, "target");
    }

    public String scenario() {
        return scenario;
    }

    public String target() {
        return target;
    }

    public Report target(String t) {
        this.target = t;
        return this;
    }

    public Map<String, String> params() {
        return params;
    }

    public Report param(String name, Object value) {
        params.put(name, String.valueOf(value));
        return this;
    }

    public Map<String, Long> counters() {
        return counters;
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    public Report count(String name, long value) {
        counters.merge(name, value, Long::sum);
        return this;
    }

    public Map<String, Histogram> histograms() {
        return histograms;
    }

    /** Adds a latency histogram in nanoseconds. */
    public Report histogram(String name, Histogram h) {
        histograms.merge(name, h, (a, b) -> {
            a.add(b);
            return a;
        });
        return this;
    }

    /** Adds a histogram of plain counts (e.g. envelopes per frame). */
    public Report countHistogram(String name, Histogram h) {
        if (!countHistograms.contains(name)) {
            countHistograms.add(name);
        }
        return histogram(name, h);
    }

    public boolean isCount(String histogram) {
        return countHistograms.contains(histogram);
    }

    public List<String> countHistograms() {
        return countHistograms;
    }

    public Map<String, long[]> timeline() {
        return timeline;
    }

    public Report series(String name, long[] perSecond) {
        timeline.merge(name, perSecond, Report::addSeries);
        return this;
    }

    public List<String> warnings() {
        return warnings;
    }

    public Report warn(String w) {
        if (!warnings.contains(w)) {
            warnings.add(w);
        }
        return this;
    }

    public double seconds() {
        return seconds;
    }

    public Report seconds(double s) {
        this.seconds = s;
        return this;
    }

    /** The counter whose rate is the run's headline throughput (e.g. {@code pongs}, {@code deliveries}). */
    public String primary() {
        return primary;
    }

    public Report primary(String counter) {
        this.primary = counter;
        return this;
    }

    public ServerStats server() {
        return server;
    }

    public Report server(ServerStats s) {
        this.server = s;
        return this;
    }

    /** Adds another process's share of the same run: counters, histograms and series add; time is the longest. */
    public Report merge(Report other) {
        other.counters.forEach(this::count);
        other.countHistograms.forEach(n -> {
            if (!countHistograms.contains(n)) {
                countHistograms.add(n);
            }
        });
        other.histograms.forEach((n, h) -> histogram(n, h.copy()));
        other.timeline.forEach(this::series);
        other.warnings.forEach(this::warn);
        other.params.forEach(params::putIfAbsent);
        seconds = Math.max(seconds, other.seconds);
        if (primary == null) {
            primary = other.primary;
        }
        if (server == null) {
            server = other.server;
        }
        return this;
    }

    static long[] addSeries(long[] a, long[] b) {
        long[] out = new long[Math.max(a.length, b.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (i < a.length ? a[i] : 0) + (i < b.length ? b[i] : 0);
        }
        return out;
    }
}
