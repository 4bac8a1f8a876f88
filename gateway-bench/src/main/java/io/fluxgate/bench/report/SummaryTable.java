package io.fluxgate.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plain-text tables for the terminal: one run's figures, or a comparison of two targets. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static String of(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("== ").append(r.scenario()).append(" against ").append(r.target()).append('\n');
        if (!r.params().isEmpty()) {
            b.append("   ").append(r.params()).append('\n');
        }
        List<String[]> rows = new ArrayList<>();
        Figures.of(r).forEach((k, v) -> rows.add(new String[] {k, Figures.format(v)}));
        b.append(table(new String[] {"figure", "value"}, rows));
        for (String w : r.warnings()) {
            b.append("WARNING: ").append(w).append('\n');
        }
        return b.toString();
    }

    public static String table(String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            String[] row = all.get(r);
            b.append("| ");
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                b.append(i == 0 ? pad(cell, w[i]) : lpad(cell, w[i])).append(" | ");
            }
            b.setLength(b.length() - 1);
            b.append('\n');
            if (r == 0) {
                b.append('|');
                for (int width : w) {
                    b.append("-".repeat(width + 2)).append('|');
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** Rows for figures present in both maps. */
    public static List<String[]> compareRows(Map<String, Double> a, Map<String, Double> b) {
        List<String[]> rows = new ArrayList<>();
        a.forEach((k, va) -> {
            Double vb = b.get(k);
            if (vb != null) {
                String ratio = vb == 0 ? "n/a" : String.format("%.3f", va / vb);
                rows.add(new String[] {k, Figures.format(va), Figures.format(vb), ratio});
            }
        });
        return rows;
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String lpad(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }
}
