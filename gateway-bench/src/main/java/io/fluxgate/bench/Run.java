package io.fluxgate.bench;

import io.fluxgate.bench.client.WsClient;
import io.fluxgate.bench.measure.Timeline;
import io.fluxgate.bench.proc.ChildLink;
import io.fluxgate.bench.report.Report;
import io.fluxgate.bench.report.ServerStats;
import io.fluxgate.bench.report.ServerStats.Snapshot;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One scenario run in this process: the client, the progress bar and the measurement phases. In a child process
 * the phases are set by the parent (READY/GO/STOP), so all children measure the same window.
 */
public final class Run implements AutoCloseable {
    private final BenchOptions options;
    private final Target target;
    private final WsClient client;
    private final Progress progress;
    private final ServerProbe probe;
    private final ChildLink child;
    private final Timeline timeline = new Timeline();
    private Snapshot idle = Snapshot.NONE;
    private Snapshot start = Snapshot.NONE;
    private Snapshot end = Snapshot.NONE;
    private long startNanos;
    private long endNanos;
    private long cpuStart;
    private long cpuEnd;

    public Run(BenchOptions options, Target target, int socketsHere) {
        this.options = options;
        this.target = target;
        this.child = options.isChild() ? new ChildLink(System.out) : null;
        this.progress = new Progress(System.err, options.quiet || options.isChild());
        this.probe = options.serverPid == null || options.isChild() ? null
                : new ServerProbe(options.serverPid, options.metricsUrl, options.serverGc);
        this.client = new WsClient(target, options.threadCount(), options.sourceBase(socketsHere),
                options.sourceCount(socketsHere), (int) options.handshakeTimeout.toMillis());
        this.idle = snapshot();
    }

    public BenchOptions options() {
        return options;
    }

    public Target target() {
        return target;
    }

    public WsClient client() {
        return client;
    }

    public Progress progress() {
        return progress;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** A prefix for client ids unique to this run and process. */
    public String clientPrefix() {
        String run = options.runId != null ? options.runId : Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        return "bench-" + run + "-" + Math.max(0, options.child) + "-";
    }

    private Snapshot snapshot() {
        return probe == null ? Snapshot.NONE : probe.snapshot();
    }

    /** Runs the warm-up: traffic already flows; nothing recorded in it counts. */
    public void warmup(Supplier<String> status) throws InterruptedException {
        if (!options.warmup.isZero()) {
            progress.phase("warmup", options.warmup.toMillis() / 1000.0, status);
            Thread.sleep(options.warmup.toMillis());
        }
    }

    /** Marks the start of the measurement (a barrier across child processes). */
    public void beginMeasure() throws InterruptedException {
        if (child != null) {
            child.send(ChildLink.READY);
            child.await(ChildLink.GO, Duration.ofMinutes(15));
        }
        start = snapshot();
        timeline.start();
        progress.sample(timeline);
        cpuStart = ownCpuNanos();
        startNanos = System.nanoTime();
    }

    /** Lets the measurement run for --duration (or until the parent says STOP). */
    public void holdMeasure(Supplier<String> status) throws InterruptedException {
        progress.phase("measure", options.duration.toMillis() / 1000.0, status);
        if (child != null) {
            child.await(ChildLink.STOP, options.duration.plusMinutes(15));
        } else {
            Thread.sleep(options.duration.toMillis());
        }
    }

    /** Marks the end of the measurement. */
    public void endMeasure() {
        endNanos = System.nanoTime();
        cpuEnd = ownCpuNanos();
        end = snapshot();
        progress.sample(null);
    }

    public double measuredSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Fills in time, timeline and server readings. */
    public Report finish(Report r) {
        r.seconds(measuredSeconds());
        // The generator's own CPU: near 100% of its cores means the figures may be client-bound.
        if (cpuStart >= 0 && cpuEnd >= 0) {
            r.count("bench cpu ms", (cpuEnd - cpuStart) / 1_000_000);
        }
        timeline.snapshot().forEach(r::series);
        if (probe != null) {
            r.server(new ServerStats(probe.pid(), ServerProbe.TICKS_PER_SECOND, idle, start, end));
        }
        return r;
    }

    /** Sends the result to the parent (child processes only). */
    public void publish(Report r) {
        if (child != null) {
            child.send(ChildLink.RESULT + io.fluxgate.bench.report.ReportJson.write(r, false));
        }
    }

    private static long ownCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    @Override
    public void close() {
        progress.close();
        client.close();
    }
}
