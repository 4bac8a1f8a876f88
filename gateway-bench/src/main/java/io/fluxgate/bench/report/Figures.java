package io.fluxgate.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The derived figures of a report (what the summary, the comparison and the JSON quote), in a stable order. */
public final class Figures {
    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private Figures() {
    }

    public static Map<String, Double> of(Report r) {
        Map<String, Double> f = new LinkedHashMap<>();
        double secs = r.seconds();
        f.put("measured seconds", secs);
        r.counters().forEach((n, v) -> f.put(n, (double) v));
        String primary = r.primary();
        if (primary != null && secs > 0) {
            f.put(primary + "/s", r.counter(primary) / secs);
        }
        r.histograms().forEach((n, h) -> {
            if (h.getTotalCount() == 0) {
                return;
            }
            if (r.isCount(n)) {
                f.put(n + " mean", h.getMean());
                f.put(n + " p50", (double) h.getValueAtPercentile(50));
                f.put(n + " max", (double) h.getMaxValue());
            } else {
                for (double p : PERCENTILES) {
                    f.put(n + " p" + fmtPct(p) + " ms", ms(h.getValueAtPercentile(p)));
                }
                f.put(n + " max ms", ms(h.getMaxValue()));
            }
        });
        if (r.counters().containsKey("bench cpu ms") && secs > 0) {
            f.put("bench cpu %", r.counter("bench cpu ms") / 10.0 / secs);
        }
        ServerStats s = r.server();
        if (s != null) {
            double cpu = s.cpuSeconds();
            if (cpu >= 0) {
                f.put("server cpu s", cpu);
                if (primary != null && cpu > 0) {
                    f.put(primary + "/server-cpu-s", r.counter(primary) / cpu);
                }
                if (secs > 0) {
                    f.put("server cpu %", 100 * cpu / secs);
                }
            }
            if (s.end().rssKb() > 0) {
                f.put("server rss MB", s.end().rssKb() / 1024.0);
            }
            long conns = "connect".equals(r.scenario()) ? r.counter("connected") : 0;
            if (conns > 0 && s.idle().rssKb() > 0 && s.start().rssKb() > 0) {
                f.put("server rss KB/conn (held)", (s.start().rssKb() - s.idle().rssKb()) / (double) conns);
                f.put("server rss KB/conn (end)", (s.end().rssKb() - s.idle().rssKb()) / (double) conns);
            }
            if (conns > 0 && s.idle().heapBytes() >= 0 && s.start().heapBytes() >= 0) {
                f.put("server heap KB/conn", (s.start().heapBytes() - s.idle().heapBytes()) / 1024.0 / conns);
            }
        }
        return f;
    }

    static String fmtPct(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Formats a figure for the tables: integers as such, small numbers with 3 significant decimals. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format("%,d", (long) v);
        }
        if (Math.abs(v) >= 100) {
            return String.format("%,.1f", v);
        }
        return String.format("%.3f", v);
    }

    /** Percentile curve points (percentile, value in ms) for the HTML chart. */
    public static Map<Double, Double> curve(Histogram h) {
        Map<Double, Double> out = new LinkedHashMap<>();
        for (double p : new double[] {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100}) {
            out.put(p, ms(h.getValueAtPercentile(p)));
        }
        return out;
    }
}
