package io.fluxgate.bench.scenario;

import io.fluxgate.bench.BenchOptions;
import io.fluxgate.bench.FdLimit;
import io.fluxgate.bench.Run;
import io.fluxgate.bench.Target;
import io.fluxgate.bench.proc.MultiProcess;
import io.fluxgate.bench.report.HtmlReport;
import io.fluxgate.bench.report.Report;
import io.fluxgate.bench.report.ReportJson;
import io.fluxgate.bench.report.SummaryTable;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A scenario subcommand: validates, runs in this process or over --procs child processes, and reports. */
public abstract class ScenarioCommand implements Callable<Integer> {
    /** Exit status when a correctness check failed (loss, duplicates, reorders, errors). */
    public static final int CHECK_FAILED = 3;

    @Mixin
    public BenchOptions o;

    @Spec
    CommandSpec spec;

    private List<String> args = List.of();

    /** The scenario's name on the command line. */
    public abstract String name();

    /** Runs the scenario in this process (or as one child of a multi-process run). */
    protected abstract Report execute(Run run) throws Exception;

    /** Scenario-specific bounds; throw IllegalArgumentException("name: value (expected: ...)"). */
    protected void validateOwn() {
    }

    /** Extra sockets beside --connections (e.g. the publisher). */
    protected int extraSockets() {
        return 0;
    }

    /** Whether the sockets can be split over child processes (no cross-socket checks). */
    protected boolean splittable() {
        return false;
    }

    /** The arguments after the scenario name, as given (for child processes). */
    public ScenarioCommand args(List<String> a) {
        this.args = List.copyOf(a);
        return this;
    }

    /** Validates and runs; returns the (merged) report. */
    public Report produce() throws Exception {
        Target target = o.validate();
        validateOwn();
        if (o.procs > 1 && !splittable()) {
            throw new IllegalArgumentException("procs: " + o.procs + " (expected: 1 for " + name()
                    + ", whose per-subscriber checks need one process; it holds up to "
                    + FdLimit.usableSockets(FdLimit.current()) + " sockets)");
        }
        int here = o.share(o.connections) + extraSockets();
        int perProc = (o.connections + o.procs - 1) / o.procs + extraSockets();
        FdLimit.check(o.isChild() ? here : perProc, o.procs, o.connections, FdLimit.current());
        String serverWarning = serverFdWarning();
        if (o.procs > 1 && !o.isChild()) {
            if (args.isEmpty() && spec != null && spec.commandLine().getParseResult() != null) {
                List<String> all = spec.commandLine().getParseResult().originalArgs();
                args = all.subList(all.indexOf(name()) + 1, all.size());
            }
            Report merged = new MultiProcess(o, target, name(), args).run();
            return serverWarning == null ? merged : merged.warn(serverWarning);
        }
        try (Run run = new Run(o, target, here)) {
            Report r = execute(run);
            run.finish(r);
            r.param("connections", o.connections).param("duration", o.duration.toMillis() + "ms")
                    .param("warmup", o.warmup.toMillis() + "ms");
            if (serverWarning != null) {
                r.warn(serverWarning);
            }
            run.publish(r);
            return r;
        }
    }

    /** The server holds one descriptor per socket too: say so when the run asks for more than it can hold. */
    private String serverFdWarning() {
        if (o.serverPid == null || o.isChild()) {
            return null;
        }
        long limit = FdLimit.ofPid(o.serverPid);
        long sockets = (long) o.connections + extraSockets();
        if (limit > 0 && sockets > limit - 100) {
            String w = "the server (pid " + o.serverPid + ") has Max open files " + limit + ": " + sockets
                    + " sockets are more than it can hold; connections over the limit will fail";
            System.err.println("WARNING: " + w);
            return w;
        }
        return null;
    }

    @Override
    public Integer call() throws Exception {
        Report r = produce();
        if (o.isChild()) {
            return 0;
        }
        System.out.print(SummaryTable.of(r));
        write(List.of(r), o);
        List<String> failed = Checks.failures(r);
        if (!failed.isEmpty()) {
            System.out.println("CHECKS FAILED: " + String.join("; ", failed));
            return CHECK_FAILED;
        }
        return 0;
    }

    /** Writes --json and --html if asked. */
    public static void write(List<Report> reports, BenchOptions o) throws IOException {
        if (o.json != null) {
            String body = reports.size() == 1 ? ReportJson.write(reports.get(0), true)
                    : "[" + String.join(",\n", reports.stream().map(r -> ReportJson.write(r, true)).toList()) + "]";
            Files.writeString(o.json, body + "\n");
            System.out.println("json report: " + o.json);
        }
        if (o.html != null) {
            Files.writeString(o.html, HtmlReport.of(reports));
            System.out.println("html report: " + o.html);
        }
    }
}
