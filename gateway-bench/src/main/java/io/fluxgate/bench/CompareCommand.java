package io.fluxgate.bench;

import io.fluxgate.bench.report.Figures;
import io.fluxgate.bench.report.Report;
import io.fluxgate.bench.report.ReportJson;
import io.fluxgate.bench.scenario.Checks;
import io.fluxgate.bench.report.SummaryTable;
import io.fluxgate.bench.scenario.ScenarioCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs one scenario against two targets alternately (A B A B ...) and prints per-figure medians and A/B ratios. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run one scenario against targets A and B alternately (A B A B ...), --rounds times each; print "
                + "the median of every figure for A and B and the ratio A/B. Example: compare --a ws://127.0.0.1:8080/ws "
                + "--a-pid 123 --b ws://127.0.0.1:9090/ws --b-pid 456 -- echo -c 100 -d 10s")
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--a", required = true, description = "Target A URL (loopback).")
    String a;

    @Option(names = "--b", required = true, description = "Target B URL (loopback).")
    String b;

    @Option(names = "--a-pid", description = "Server pid of A (CPU and RSS figures).")
    Long aPid;

    @Option(names = "--b-pid", description = "Server pid of B.")
    Long bPid;

    @Option(names = "--a-name", defaultValue = "A", description = "Label of A. Default: ${DEFAULT-VALUE}.")
    String aName;

    @Option(names = "--b-name", defaultValue = "B", description = "Label of B. Default: ${DEFAULT-VALUE}.")
    String bName;

    @Option(names = "--rounds", defaultValue = "3", description = "Runs per target. Default: ${DEFAULT-VALUE}, max 10.")
    int rounds;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every run's report and the medians as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write every run's report as HTML.")
    Path html;

    @Parameters(arity = "1..*", paramLabel = "SCENARIO [OPTIONS]",
            description = "After --: the scenario and its options (without --url and --server-pid).")
    List<String> scenario;

    @Override
    public Integer call() throws Exception {
        Target.parse(a);
        Target.parse(b);
        if (rounds < 1 || rounds > 10) {
            throw new IllegalArgumentException("rounds: " + rounds + " (expected: 1..10)");
        }
        for (String arg : scenario) {
            if (arg.startsWith("--url") || arg.startsWith("--server-pid") || arg.startsWith("--json")
                    || arg.startsWith("--html")) {
                throw new IllegalArgumentException("compare: " + arg + " (expected: given through --a/--b, --a-pid/--b-pid"
                        + " and compare's own --json/--html)");
            }
        }
        if (scenario.get(0).equals("compare") || scenario.get(0).equals("baseline-server")) {
            throw new IllegalArgumentException("compare: scenario " + scenario.get(0)
                    + " (expected: connect, echo, broadcast, burst, resume or raw-echo)");
        }
        List<Report> ra = new ArrayList<>();
        List<Report> rb = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            ra.add(runOne(a, aPid, aName, i));
            rb.add(runOne(b, bPid, bName, i));
        }
        Map<String, Double> ma = medians(ra);
        Map<String, Double> mb = medians(rb);
        System.out.println("== compare " + String.join(" ", scenario) + ": medians of " + rounds + " runs each");
        System.out.print(SummaryTable.table(new String[] {"figure", aName, bName, aName + "/" + bName},
                SummaryTable.compareRows(ma, mb)));
        List<Report> all = new ArrayList<>(ra);
        all.addAll(rb);
        if (json != null) {
            java.nio.file.Files.writeString(json, ReportJson.comparison(aName, bName, ma, mb, all) + "\n");
            System.out.println("json report: " + json);
        }
        BenchOptions out = new BenchOptions();
        out.html = html;
        ScenarioCommand.write(all, out);
        List<String> failed = new ArrayList<>();
        for (Report r : all) {
            Checks.failures(r).forEach(f -> failed.add(r.params().get("label") + " round " + r.params().get("round")
                    + ": " + f));
        }
        if (!failed.isEmpty()) {
            System.out.println("CHECKS FAILED: " + String.join("; ", failed));
            return ScenarioCommand.CHECK_FAILED;
        }
        return 0;
    }

    private Report runOne(String url, Long pid, String label, int round) throws Exception {
        List<String> args = new ArrayList<>(scenario);
        args.addAll(List.of("--url", url));
        if (pid != null) {
            args.addAll(List.of("--server-pid", String.valueOf(pid)));
        }
        System.err.println("-- round " + (round + 1) + "/" + rounds + ": " + label + " (" + url + ")");
        Report r = BenchMain.produce(args);
        r.param("label", label).param("round", round + 1);
        System.out.print(SummaryTable.of(r));
        return r;
    }

    /** The median of each figure over the runs (figures missing from some runs are left out). */
    static Map<String, Double> medians(List<Report> runs) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (Report r : runs) {
            Figures.of(r).forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v.size() == runs.size()) {
                out.put(k, median(v));
            }
        });
        return out;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
