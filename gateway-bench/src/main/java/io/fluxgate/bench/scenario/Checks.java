package io.fluxgate.bench.scenario;

import io.fluxgate.bench.report.Report;
import java.util.ArrayList;
import java.util.List;

/** The correctness counters that must be zero for a run to pass (loss, duplicates, reorders, errors). */
public final class Checks {
    static final List<String> MUST_BE_ZERO = List.of("lost", "duplicates", "reorders", "unrecovered", "errors",
            "unexpected closes", "decode errors", "mismatches", "epoch changes");

    private Checks() {
    }

    public static List<String> failures(Report r) {
        List<String> out = new ArrayList<>();
        for (String c : MUST_BE_ZERO) {
            if (r.counter(c) != 0) {
                out.add(c + " = " + r.counter(c));
            }
        }
        if (r.counter("connect failures") != 0) {
            out.add("connect failures = " + r.counter("connect failures"));
        }
        return out;
    }
}
