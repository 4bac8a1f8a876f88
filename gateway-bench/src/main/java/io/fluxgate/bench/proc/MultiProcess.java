package io.fluxgate.bench.proc;

import io.fluxgate.bench.BenchOptions;
import io.fluxgate.bench.Progress;
import io.fluxgate.bench.ServerProbe;
import io.fluxgate.bench.Target;
import io.fluxgate.bench.report.Report;
import io.fluxgate.bench.report.ReportJson;
import io.fluxgate.bench.report.ServerStats;
import io.fluxgate.bench.report.ServerStats.Snapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent of a --procs N run: spawns N child JVMs of this jar with the same arguments (each takes its share of
 * the sockets), starts and stops their measurement together, reads the server between, and merges their reports.
 */
public final class MultiProcess {
    /** Options the parent keeps for itself. */
    static final Set<String> PARENT_ONLY = Set.of("--procs", "--json", "--html", "--server-pid", "--metrics-url",
            "--cpu", "--server-gc", "--quiet", "-q");
    /** Of those, the ones that take no value. */
    static final Set<String> PARENT_FLAGS = Set.of("--server-gc", "--quiet", "-q");

    private final BenchOptions o;
    private final Target target;
    private final String scenario;
    private final List<String> args;

    public MultiProcess(BenchOptions o, Target target, String scenario, List<String> args) {
        this.o = o;
        this.target = target;
        this.scenario = scenario;
        this.args = args;
    }

    /** The child command line: this JVM's java and class path, the scenario, the filtered args and child flags. */
    static List<String> childCommand(String scenario, List<String> args, int index, int procs, String runId) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.fluxgate.bench.BenchMain");
        cmd.add(scenario);
        cmd.addAll(withoutParentOptions(args));
        cmd.addAll(List.of("--procs", String.valueOf(procs), "--child", String.valueOf(index), "--run-id", runId,
                "--quiet"));
        return cmd;
    }

    static List<String> withoutParentOptions(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (PARENT_ONLY.contains(name)) {
                if (!a.contains("=") && !PARENT_FLAGS.contains(name)) {
                    i++;
                }
                continue;
            }
            out.add(a);
        }
        return out;
    }

    public Report run() throws Exception {
        ServerProbe probe = o.serverPid == null ? null : new ServerProbe(o.serverPid, o.metricsUrl, o.serverGc);
        Snapshot idle = probe == null ? Snapshot.NONE : probe.snapshot();
        String runId = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        List<Process> procs = new ArrayList<>();
        List<OutputStream> stdins = new ArrayList<>();
        try (Progress progress = new Progress(System.err, o.quiet)) {
            for (int i = 0; i < o.procs; i++) {
                Process p = new ProcessBuilder(childCommand(scenario, args, i, o.procs, runId))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                procs.add(p);
                stdins.add(p.getOutputStream());
                int index = i;
                Thread reader = new Thread(() -> read(p, index, events), "bench-child-" + i);
                reader.setDaemon(true);
                reader.start();
            }
            int[] ready = {0};
            progress.phase("children", 0, () -> ready[0] + "/" + o.procs + " children ready");
            long setupBudget = o.connections / Math.max(1, o.connectRate) + o.warmup.getSeconds() + 120;
            while (ready[0] < o.procs) {
                expect(events, "READY", setupBudget);
                ready[0]++;
            }
            Snapshot start = probe == null ? Snapshot.NONE : probe.snapshot();
            long t0 = System.nanoTime();
            broadcast(stdins, ChildLink.GO);
            progress.phase("measure", o.duration.toMillis() / 1000.0, () -> o.procs + " children measuring");
            Thread.sleep(o.duration.toMillis());
            Snapshot end = probe == null ? Snapshot.NONE : probe.snapshot();
            double seconds = (System.nanoTime() - t0) / 1e9;
            broadcast(stdins, ChildLink.STOP);
            Report merged = null;
            for (int i = 0; i < o.procs; i++) {
                String json = expect(events, "RESULT", 120)[1];
                Report r = ReportJson.read(json);
                merged = merged == null ? r : merged.merge(r);
            }
            for (Process p : procs) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
            merged.target(target.toString()).seconds(seconds).param("procs", o.procs);
            if (probe != null) {
                merged.server(new ServerStats(probe.pid(), ServerProbe.TICKS_PER_SECOND, idle, start, end));
            }
            return merged;
        } finally {
            for (Process p : procs) {
                if (p.isAlive()) {
                    p.destroy();
                }
            }
        }
    }

    private static void read(Process p, int index, BlockingQueue<String[]> events) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals(ChildLink.READY)) {
                    events.add(new String[] {"READY", ""});
                } else if (line.startsWith(ChildLink.RESULT)) {
                    events.add(new String[] {"RESULT", line.substring(ChildLink.RESULT.length())});
                } else {
                    System.err.println("[child " + index + "] " + line);
                }
            }
        } catch (IOException e) {
            // the exit below reports it
        }
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        events.add(new String[] {"EXIT", index + " exited with " + code});
    }

    private static String[] expect(BlockingQueue<String[]> events, String kind, long seconds) throws InterruptedException {
        while (true) {
            String[] e = events.poll(seconds, TimeUnit.SECONDS);
            if (e == null) {
                throw new IllegalStateException("procs: no " + kind + " from a child within " + seconds + " s");
            }
            if (e[0].equals(kind)) {
                return e;
            }
            if (e[0].equals("EXIT") && !e[1].endsWith("with 0")) {
                throw new IllegalStateException("procs: child " + e[1] + " before " + kind + " (see its stderr above)");
            }
        }
    }

    private static void broadcast(List<OutputStream> stdins, String word) throws IOException {
        for (OutputStream s : stdins) {
            s.write((word + "\n").getBytes(StandardCharsets.UTF_8));
            s.flush();
        }
    }
}
