package io.fluxgate.bench;

import io.fluxgate.bench.report.ServerStats.Snapshot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the server process from outside: CPU (utime+stime, /proc/PID/stat), resident memory (VmRSS,
 * /proc/PID/status) and, when the server has a Prometheus /metrics, the JVM heap in use.
 */
public final class ServerProbe {
    /** USER_HZ: Linux reports /proc times in 1/100 s on every mainstream architecture. */
    public static final long TICKS_PER_SECOND = 100;

    private final long pid;
    private final String metricsUrl;
    private final HttpClient http;

    private final boolean jcmd;

    public ServerProbe(long pid, String metricsUrl) {
        this(pid, metricsUrl, false);
    }

    /**
     * With {@code jcmd}, each snapshot first runs {@code jcmd PID GC.run} (so RSS and heap show live memory rather
     * than garbage not yet collected) and reads heap in use from {@code GC.heap_info} when there is no /metrics.
     */
    public ServerProbe(long pid, String metricsUrl, boolean jcmd) {
        this.jcmd = jcmd;
        if (pid <= 0) {
            throw new IllegalArgumentException("server-pid: " + pid + " (expected: > 0)");
        }
        if (!Files.isReadable(Path.of("/proc/" + pid + "/stat"))) {
            throw new IllegalArgumentException("server-pid: " + pid + " (expected: a running process visible in /proc)");
        }
        this.pid = pid;
        this.metricsUrl = metricsUrl;
        this.http = metricsUrl == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    public long pid() {
        return pid;
    }

    public Snapshot snapshot() {
        long jcmdHeap = -1;
        if (jcmd) {
            jcmd("GC.run");
            jcmdHeap = parseHeapInfo(jcmd("GC.heap_info"));
        }
        long heap = heap();
        return new Snapshot(cpuTicks(), status("VmRSS:"), heap >= 0 ? heap : jcmdHeap, status("Threads:"));
    }

    private String jcmd(String command) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Heap in use from {@code jcmd GC.heap_info}, in bytes: the sum of the "total ..., used NK" lines, which are
     * the generations (Serial: def new + tenured; Parallel: PSYoungGen + ParOldGen) or the whole heap (G1, ZGC);
     * Metaspace and class space lines carry no "total". -1 if none.
     */
    static long parseHeapInfo(String out) {
        long sum = 0;
        boolean found = false;
        var used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K");
        for (String line : out.split("\n")) {
            var m = used.matcher(line);
            if (m.find()) {
                sum += Long.parseLong(m.group(1)) * 1024;
                found = true;
            }
        }
        return found ? sum : -1;
    }

    long cpuTicks() {
        try {
            return parseCpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields 14 and 15 (utime, stime) of /proc/PID/stat, counted after the ")" that ends the command name. */
    static long parseCpuTicks(String stat) {
        String rest = stat.substring(stat.lastIndexOf(')') + 2);
        String[] f = rest.trim().split("\\s+");
        // rest starts at field 3 (state), so utime (14) is index 11 and stime (15) index 12.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    long status(String key) {
        try {
            return parseStatus(Files.readAllLines(Path.of("/proc/" + pid + "/status")), key);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long parseStatus(java.util.List<String> lines, String key) {
        for (String l : lines) {
            if (l.startsWith(key)) {
                return Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    long heap() {
        if (http == null) {
            return -1;
        }
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? parseHeap(res.body()) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Sums Micrometer's {@code jvm_memory_used_bytes{area="heap",...}} samples; -1 if absent. */
    static long parseHeap(String prometheus) {
        double sum = 0;
        boolean found = false;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                String[] parts = line.trim().split("\\s+");
                sum += Double.parseDouble(parts[parts.length - 1]);
                found = true;
            }
        }
        return found ? (long) sum : -1;
    }
}
