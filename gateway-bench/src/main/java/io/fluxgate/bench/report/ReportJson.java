package io.fluxgate.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The report as JSON: figures for people and scripts, plus the raw material (counters, series and each histogram
 * in HdrHistogram's compressed encoding, base64) so child processes' results can be merged losslessly.
 */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportJson() {
    }

    public static String write(Report r, boolean pretty) {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", r.scenario());
        root.put("target", r.target());
        root.put("seconds", r.seconds());
        if (r.primary() != null) {
            root.put("primary", r.primary());
        }
        ObjectNode params = root.putObject("params");
        r.params().forEach(params::put);
        ObjectNode figures = root.putObject("figures");
        Figures.of(r).forEach(figures::put);
        ObjectNode counters = root.putObject("counters");
        r.counters().forEach(counters::put);
        ObjectNode hist = root.putObject("histograms");
        r.histograms().forEach((n, h) -> {
            ObjectNode o = hist.putObject(n);
            o.put("unit", r.isCount(n) ? "count" : "ns");
            o.put("count", h.getTotalCount());
            o.put("encoded", encode(h));
        });
        ObjectNode tl = root.putObject("timeline");
        r.timeline().forEach((n, s) -> {
            ArrayNode a = tl.putArray(n);
            for (long v : s) {
                a.add(v);
            }
        });
        ArrayNode warnings = root.putArray("warnings");
        r.warnings().forEach(warnings::add);
        if (r.server() != null) {
            root.set("server", JSON.valueToTree(r.server()));
        }
        try {
            return pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) : JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A comparison: both labels, the per-figure medians and ratios, and every run's full report. */
    public static String comparison(String aName, String bName, Map<String, Double> a, Map<String, Double> b,
                                    java.util.List<Report> runs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("a", aName);
        root.put("b", bName);
        ObjectNode med = root.putObject("medians");
        ObjectNode ma = med.putObject(aName);
        a.forEach(ma::put);
        ObjectNode mb = med.putObject(bName);
        b.forEach(mb::put);
        ObjectNode ratios = root.putObject("ratios");
        a.forEach((k, v) -> {
            Double w = b.get(k);
            if (w != null && w != 0) {
                ratios.put(k, v / w);
            }
        });
        ArrayNode list = root.putArray("runs");
        try {
            for (Report r : runs) {
                list.add(JSON.readTree(write(r, false)));
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Report read(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        Report r = new Report(root.path("scenario").asText(), root.path("target").asText());
        r.seconds(root.path("seconds").asDouble());
        if (root.hasNonNull("primary")) {
            r.primary(root.get("primary").asText());
        }
        root.path("params").properties().forEach(e -> r.param(e.getKey(), e.getValue().asText()));
        root.path("counters").properties().forEach(e -> r.count(e.getKey(), e.getValue().asLong()));
        for (Map.Entry<String, JsonNode> e : root.path("histograms").properties()) {
            Histogram h = decode(e.getValue().path("encoded").asText());
            if ("count".equals(e.getValue().path("unit").asText())) {
                r.countHistogram(e.getKey(), h);
            } else {
                r.histogram(e.getKey(), h);
            }
        }
        root.path("timeline").properties().forEach(e -> {
            long[] s = new long[e.getValue().size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = e.getValue().get(i).asLong();
            }
            r.series(e.getKey(), s);
        });
        root.path("warnings").forEach(w -> r.warn(w.asText()));
        if (root.hasNonNull("server")) {
            r.server(JSON.treeToValue(root.get("server"), ServerStats.class));
        }
        return r;
    }

    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        byte[] out = new byte[n];
        buf.flip();
        buf.get(out);
        return Base64.getEncoder().encodeToString(out);
    }

    static Histogram decode(String b64) throws IOException {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(b64)), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IOException("histogram encoding unreadable: " + e.getMessage(), e);
        }
    }
}
