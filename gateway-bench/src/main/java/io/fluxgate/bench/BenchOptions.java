package io.fluxgate.bench;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Options every scenario shares; {@link #validate} bounds each one so no run is unbounded in count or time. */
public final class BenchOptions {
    public static final int MAX_CONNECTIONS = 200_000;
    public static final Duration MAX_DURATION = Duration.ofMinutes(10);
    public static final Duration MAX_WARMUP = Duration.ofMinutes(1);
    public static final int MAX_PROCS = 32;
    /** Ephemeral ports used per loopback source address (Linux default range 32768-60999 holds ~28k). */
    public static final int PER_SOURCE_ADDRESS = 25_000;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws",
            description = "Target WebSocket URL, loopback only (127.0.0.0/8, ::1, localhost). Default: ${DEFAULT-VALUE}.")
    public String url;

    @Option(names = {"-c", "--connections"}, defaultValue = "100",
            description = "Sockets (connect, echo, raw-echo) or subscribers (broadcast, burst, resume). "
                    + "Default: ${DEFAULT-VALUE}, at most " + MAX_CONNECTIONS + ".")
    public int connections;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time (hold time for connect), e.g. 10s, 500ms, 2m. Default: ${DEFAULT-VALUE}, max 10m.")
    public Duration duration;

    @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
            description = "Traffic before the measurement starts, excluded from every figure. Default: ${DEFAULT-VALUE}.")
    public Duration warmup;

    @Option(names = "--connect-rate", defaultValue = "2000",
            description = "New connections per second while ramping up. Default: ${DEFAULT-VALUE}.")
    public int connectRate;

    @Option(names = "--connect-concurrency", defaultValue = "256",
            description = "Handshakes in flight at once while ramping up. Default: ${DEFAULT-VALUE}.")
    public int connectConcurrency;

    @Option(names = "--handshake-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "TCP connect + upgrade + welcome deadline per socket. Default: ${DEFAULT-VALUE}.")
    public Duration handshakeTimeout;

    @Option(names = "--threads", description = "Client event-loop threads. Default: available processors.")
    public Integer threads;

    @Option(names = "--procs", defaultValue = "1",
            description = "Client processes (child JVMs of this jar, each with a share of the sockets); needed above"
                    + " the per-process open-file limit. connect, echo and raw-echo only. Default: ${DEFAULT-VALUE}.")
    public int procs;

    @Option(names = "--source-addresses", defaultValue = "0",
            description = "Loopback source addresses per process (127.0.0.2, .3, ...); 0 = one per "
                    + PER_SOURCE_ADDRESS + " sockets. Default: ${DEFAULT-VALUE}.")
    public int sourceAddresses;

    @Option(names = "--server-pid",
            description = "Server process id: report its CPU seconds (/proc/PID/stat) and RSS (/proc/PID/status).")
    public Long serverPid;

    @Option(names = "--server-gc",
            description = "Before each server reading run jcmd PID GC.run (RSS and heap then show live memory) and read"
                    + " heap in use from jcmd GC.heap_info. Needs --server-pid and a JDK's jcmd.")
    public boolean serverGc;

    @Option(names = "--metrics-url",
            description = "Prometheus endpoint of the server (loopback), for heap in use, e.g. http://127.0.0.1:8080/metrics.")
    public String metricsUrl;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    public Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report with charts.")
    public Path html;

    @Option(names = "--cpu", paramLabel = "LIST",
            description = "Pin the bench (all its threads, and child processes) to these CPUs, e.g. 1 or 0-1 (taskset).")
    public String cpu;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    public boolean quiet;

    @Option(names = "--child", hidden = true, defaultValue = "-1", description = "Internal: child process index.")
    public int child;

    @Option(names = "--run-id", hidden = true, description = "Internal: shared id of a multi-process run.")
    public String runId;

    public boolean isChild() {
        return child >= 0;
    }

    public int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Checks every bound; messages read "name: value (expected: ...)". */
    public Target validate() {
        Target target = Target.parse(url);
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections: " + connections + " (expected: 1.." + MAX_CONNECTIONS + ")");
        }
        positive("duration", duration, MAX_DURATION);
        if (warmup.isNegative() || warmup.compareTo(MAX_WARMUP) > 0) {
            throw new IllegalArgumentException("warmup: " + warmup + " (expected: 0s..1m)");
        }
        range("connect-rate", connectRate, 1, 100_000);
        range("connect-concurrency", connectConcurrency, 1, 10_000);
        positive("handshake-timeout", handshakeTimeout, Duration.ofMinutes(1));
        range("threads", threadCount(), 1, 64);
        range("procs", procs, 1, MAX_PROCS);
        range("source-addresses", sourceAddresses, 0, 250);
        if (procs > connections) {
            throw new IllegalArgumentException("procs: " + procs + " (expected: <= connections " + connections + ")");
        }
        if (serverGc && serverPid == null) {
            throw new IllegalArgumentException("server-gc: true (expected: together with --server-pid)");
        }
        if (metricsUrl != null) {
            try {
                Target.loopback(java.net.URI.create(metricsUrl).getHost(), "metrics-url");
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(e instanceof NullPointerException
                        ? "metrics-url: " + metricsUrl + " (expected: http://127.0.0.1:PORT/metrics)" : e.getMessage());
            }
        }
        if (cpu != null && !cpu.matches("[0-9]+([-,][0-9]+)*")) {
            throw new IllegalArgumentException("cpu: " + cpu + " (expected: a CPU list such as 1, 0-1 or 0,2)");
        }
        return target;
    }

    /** This process's share of {@code total} (everything, unless it is child i of --procs N). */
    public int share(int total) {
        if (!isChild()) {
            return total;
        }
        return total / procs + (child < total % procs ? 1 : 0);
    }

    public double shareOf(double total) {
        return isChild() ? total / procs : total;
    }

    /** Loopback source addresses this process binds to: 0 when the target is not 127.0.0.1-style IPv4. */
    public int sourceCount(int socketsHere) {
        return sourceAddresses > 0 ? sourceAddresses : Math.max(1, (socketsHere + PER_SOURCE_ADDRESS - 1) / PER_SOURCE_ADDRESS);
    }

    /** The last octets of this process's first source address: children use disjoint ranges. */
    public int sourceBase(int socketsHere) {
        return 2 + Math.max(0, child) * sourceCount(socketsHere);
    }

    static void range(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: " + min + ".." + max + ")");
        }
    }

    static void positive(String name, Duration d, Duration max) {
        if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + ": " + Durations.format(d) + " (expected: > 0 and <= "
                    + Durations.format(max) + ")");
        }
    }

    /** Picocli converter for "500ms", "10s", "2m". */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}
