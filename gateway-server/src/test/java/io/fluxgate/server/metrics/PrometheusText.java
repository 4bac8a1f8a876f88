package io.fluxgate.server.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: any deviation throws
 * {@link IllegalArgumentException} naming the line. Checks, beyond the grammar of every line (HELP, TYPE, comment,
 * sample with valid metric and label names, escaped label values, a float value, an optional integer timestamp):
 * one HELP and one TYPE per family, TYPE before the family's first sample, a family's lines contiguous, no
 * duplicate series, sample names that fit the family's type, non-negative counters, and for histograms per series
 * buckets with strictly increasing {@code le}, non-decreasing counts, a final {@code +Inf} bucket equal to
 * {@code _count}, and {@code _sum} present.
 */
public final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|Inf|inf|NaN)");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A metric family: its TYPE, HELP and samples in order. */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private final Map<String, Family> families;

    private PrometheusText(Map<String, Family> families) {
        this.families = families;
    }

    public Map<String, Family> families() {
        return Collections.unmodifiableMap(families);
    }

    /** Parses and validates a whole scrape. */
    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Set<String> finished = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + ": '" + line + "': ";
            if (line.isEmpty()) {
                throw new IllegalArgumentException(where + "empty line");
            }
            String family;
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && parts[0].equals("#") && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    family = parts[2];
                    require(METRIC_NAME.matcher(family).matches(), where + "bad metric name");
                    if (parts[1].equals("TYPE")) {
                        require(parts.length == 4 && TYPES.contains(parts[3]), where + "bad type");
                        require(!types.containsKey(family), where + "second TYPE for " + family);
                        require(!samples.containsKey(family), where + "TYPE after samples of " + family);
                        types.put(family, parts[3]);
                    } else {
                        require(!helps.containsKey(family), where + "second HELP for " + family);
                        helps.put(family, parts.length == 4 ? unescapeHelp(parts[3], where) : "");
                    }
                } else {
                    continue; // a plain comment
                }
            } else {
                Sample s = sample(line, where);
                family = familyOf(s.name(), types);
                String type = types.getOrDefault(family, "untyped");
                require(fits(s, family, type), where + "sample name does not fit " + type + " " + family);
                require(series.add(s.name() + new TreeMap<>(s.labels())), where + "duplicate series");
                if (type.equals("counter")) {
                    require(s.value() >= 0, where + "negative counter");
                }
                samples.computeIfAbsent(family, k -> new ArrayList<>()).add(s);
            }
            if (!family.equals(current)) {
                require(!finished.contains(family), where + "lines of " + family + " are not contiguous");
                if (current != null) {
                    finished.add(current);
                }
                current = family;
            }
        }
        Map<String, Family> out = new LinkedHashMap<>();
        for (String name : union(types.keySet(), samples.keySet())) {
            Family f = new Family(name, types.getOrDefault(name, "untyped"), helps.get(name),
                    samples.getOrDefault(name, List.of()));
            if (f.type().equals("histogram")) {
                checkHistogram(f);
            }
            out.put(name, f);
        }
        return new PrometheusText(out);
    }

    /** The value of the one sample with exactly these labels (name=value pairs). */
    public double value(String sampleName, String... labels) {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(sampleName) && s.labels().equals(want)) {
                    return s.value();
                }
            }
        }
        throw new AssertionError("no sample " + sampleName + want);
    }

    /** The sum over every sample of this name, whatever its labels. */
    public double sum(String sampleName) {
        double total = 0;
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(sampleName)) {
                    total += s.value();
                }
            }
        }
        return total;
    }

    public Family family(String name) {
        Family f = families.get(name);
        if (f == null) {
            throw new AssertionError("no family " + name + " in " + families.keySet());
        }
        return f;
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        require(METRIC_NAME.matcher(name).matches(), where + "bad metric name '" + name + "'");
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (true) {
                require(i < n, where + "unterminated labels");
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int start = i;
                while (i < n && line.charAt(i) != '=') {
                    i++;
                }
                String label = line.substring(start, i);
                require(LABEL_NAME.matcher(label).matches(), where + "bad label name '" + label + "'");
                require(i + 1 < n && line.charAt(i + 1) == '"', where + "label value must be quoted");
                i += 2;
                StringBuilder value = new StringBuilder();
                while (true) {
                    require(i < n, where + "unterminated label value");
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        require(i < n, where + "dangling escape");
                        char e = line.charAt(i++);
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException(where + "bad escape \\" + e);
                        }
                    } else {
                        value.append(c);
                    }
                }
                require(labels.put(label, value.toString()) == null, where + "label " + label + " twice");
                require(i < n, where + "unterminated labels");
                if (line.charAt(i) == ',') {
                    i++;
                } else {
                    require(line.charAt(i) == '}', where + "expected , or } after a label");
                }
            }
        }
        require(i < n && line.charAt(i) == ' ', where + "expected a space before the value");
        String[] rest = line.substring(i + 1).split(" ", -1);
        require(rest.length == 1 || rest.length == 2, where + "expected 'value [timestamp]'");
        require(FLOAT.matcher(rest[0]).matches(), where + "bad value '" + rest[0] + "'");
        if (rest.length == 2) {
            require(TIMESTAMP.matcher(rest[1]).matches(), where + "bad timestamp '" + rest[1] + "'");
        }
        return new Sample(name, labels, parseFloat(rest[0]));
    }

    private static double parseFloat(String s) {
        String t = s.startsWith("+") ? s.substring(1) : s;
        return switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(t);
        };
    }

    private static String familyOf(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String t = types.get(base);
                if ("histogram".equals(t) || ("summary".equals(t) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static boolean fits(Sample s, String family, String type) {
        return switch (type) {
            case "histogram" -> (s.name().equals(family + "_bucket") && s.labels().containsKey("le"))
                    || ((s.name().equals(family + "_count") || s.name().equals(family + "_sum"))
                        && !s.labels().containsKey("le"));
            case "summary" -> (s.name().equals(family) && s.labels().containsKey("quantile"))
                    || s.name().equals(family + "_count") || s.name().equals(family + "_sum");
            default -> s.name().equals(family);
        };
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        Set<Map<String, String>> sums = new HashSet<>();
        for (Sample s : f.samples()) {
            Map<String, String> key = new TreeMap<>(s.labels());
            key.remove("le");
            if (s.name().endsWith("_bucket")) {
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count")) {
                counts.put(key, s.value());
            } else {
                sums.add(key);
            }
        }
        require(!buckets.isEmpty(), f.name() + ": histogram without buckets");
        for (Map.Entry<Map<String, String>, List<Sample>> e : buckets.entrySet()) {
            String where = f.name() + e.getKey() + ": ";
            double lastLe = Double.NEGATIVE_INFINITY;
            double lastCount = 0;
            for (Sample b : e.getValue()) {
                String leText = b.labels().get("le");
                require(FLOAT.matcher(leText).matches(), where + "bad le '" + leText + "'");
                double le = parseFloat(leText);
                require(le > lastLe, where + "le not increasing at " + leText);
                require(b.value() >= lastCount, where + "bucket counts decrease at le=" + leText);
                lastLe = le;
                lastCount = b.value();
            }
            require(lastLe == Double.POSITIVE_INFINITY, where + "last bucket is not +Inf");
            require(counts.containsKey(e.getKey()), where + "no _count");
            require(counts.get(e.getKey()) == lastCount, where + "_count differs from the +Inf bucket");
            require(sums.contains(e.getKey()), where + "no _sum");
        }
        require(buckets.keySet().containsAll(counts.keySet()), f.name() + ": _count without buckets");
    }

    private static String unescapeHelp(String s, String where) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                require(i + 1 < s.length(), where + "dangling escape in HELP");
                char e = s.charAt(++i);
                switch (e) {
                    case '\\' -> b.append('\\');
                    case 'n' -> b.append('\n');
                    default -> throw new IllegalArgumentException(where + "bad escape in HELP \\" + e);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
