package io.fluxgate.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A self-contained HTML page (inline SVG, no scripts, no CDN): figures, latency percentile curves, throughput. */
public final class HtmlReport {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int W = 720;
    private static final int H = 320;
    private static final int PAD = 50;

    private HtmlReport() {
    }

    public static String of(List<Report> reports) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>fluxgate-bench</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:900px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child{text-align:left}")
                .append("svg{background:#fafafa;border:1px solid #ddd}.warn{color:#b00}</style></head><body>");
        for (Report r : reports) {
            section(b, r);
        }
        return b.append("</body></html>\n").toString();
    }

    private static void section(StringBuilder b, Report r) {
        b.append("<h2>").append(esc(r.scenario())).append(" &mdash; ").append(esc(r.target())).append("</h2>");
        b.append("<p>").append(esc(r.params().toString())).append("</p>");
        for (String w : r.warnings()) {
            b.append("<p class=\"warn\">WARNING: ").append(esc(w)).append("</p>");
        }
        b.append("<table><tr><th>figure</th><th>value</th></tr>");
        Figures.of(r).forEach((k, v) -> b.append("<tr><td>").append(esc(k)).append("</td><td>")
                .append(Figures.format(v)).append("</td></tr>"));
        b.append("</table>");
        List<String> names = new ArrayList<>();
        List<Map<Double, Double>> curves = new ArrayList<>();
        r.histograms().forEach((n, h) -> {
            if (!r.isCount(n) && h.getTotalCount() > 0) {
                names.add(n);
                curves.add(Figures.curve(h));
            }
        });
        if (!curves.isEmpty()) {
            b.append("<h3>Latency by percentile (ms)</h3>").append(percentileChart(names, curves));
        }
        if (!r.timeline().isEmpty()) {
            b.append("<h3>Throughput over time (per second)</h3>").append(timelineChart(r.timeline()));
        }
    }

    /** x = log10(1/(1-p)): 0 at p0, 1 at p90, 2 at p99, ... 5 at p99.999 (HdrHistogram's usual plot). */
    static String percentileChart(List<String> names, List<Map<Double, Double>> curves) {
        double maxY = 0;
        for (Map<Double, Double> c : curves) {
            for (double v : c.values()) {
                maxY = Math.max(maxY, v);
            }
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.05;
        StringBuilder s = svgStart();
        axes(s, maxY, "ms");
        for (int k = 0; k <= 5; k++) {
            double x = PAD + (W - 2 * PAD) * k / 5.0;
            String label = k == 0 ? "p0" : "p" + trimPct(100 - 100 / Math.pow(10, k));
            s.append(text(x, H - PAD + 16, label, "middle"));
        }
        for (int i = 0; i < curves.size(); i++) {
            StringBuilder pts = new StringBuilder();
            for (Map.Entry<Double, Double> e : curves.get(i).entrySet()) {
                double p = Math.min(e.getKey(), 99.999);
                double lx = Math.log10(1 / (1 - p / 100));
                pts.append(fmt(PAD + (W - 2 * PAD) * lx / 5)).append(',')
                        .append(fmt(H - PAD - (H - 2 * PAD) * e.getValue() / maxY)).append(' ');
            }
            line(s, pts, i, names.get(i));
        }
        return s.append("</svg>").toString();
    }

    static String timelineChart(Map<String, long[]> series) {
        double maxY = 1;
        int maxX = 1;
        for (long[] v : series.values()) {
            maxX = Math.max(maxX, v.length);
            for (long x : v) {
                maxY = Math.max(maxY, x);
            }
        }
        maxY *= 1.05;
        StringBuilder s = svgStart();
        axes(s, maxY, "/s");
        for (int k = 0; k <= 4; k++) {
            s.append(text(PAD + (W - 2 * PAD) * k / 4.0, H - PAD + 16, (maxX * k / 4) + " s", "middle"));
        }
        int i = 0;
        for (Map.Entry<String, long[]> e : series.entrySet()) {
            StringBuilder pts = new StringBuilder();
            long[] v = e.getValue();
            for (int x = 0; x < v.length; x++) {
                pts.append(fmt(PAD + (W - 2 * PAD) * (x + 1) / (double) maxX)).append(',')
                        .append(fmt(H - PAD - (H - 2 * PAD) * v[x] / maxY)).append(' ');
            }
            line(s, pts, i++, e.getKey());
        }
        return s.append("</svg>").toString();
    }

    private static StringBuilder svgStart() {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H
                + "\" font-size=\"11\">");
    }

    private static void axes(StringBuilder s, double maxY, String unit) {
        s.append("<line x1=\"").append(PAD).append("\" y1=\"").append(H - PAD).append("\" x2=\"").append(W - PAD)
                .append("\" y2=\"").append(H - PAD).append("\" stroke=\"#333\"/>");
        s.append("<line x1=\"").append(PAD).append("\" y1=\"").append(PAD).append("\" x2=\"").append(PAD)
                .append("\" y2=\"").append(H - PAD).append("\" stroke=\"#333\"/>");
        for (int k = 0; k <= 4; k++) {
            double y = H - PAD - (H - 2 * PAD) * k / 4.0;
            s.append(text(PAD - 4, y + 4, Figures.format(maxY * k / 4) + (k == 4 ? " " + unit : ""), "end"));
        }
    }

    private static void line(StringBuilder s, StringBuilder pts, int i, String name) {
        String color = COLORS[i % COLORS.length];
        s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
                .append(pts.toString().trim()).append("\"/>");
        s.append("<text x=\"").append(PAD + 10).append("\" y=\"").append(PAD + 14 * i).append("\" fill=\"")
                .append(color).append("\">").append(esc(name)).append("</text>");
    }

    private static String text(double x, double y, String t, String anchor) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + esc(t) + "</text>";
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static String trimPct(double p) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", p);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
