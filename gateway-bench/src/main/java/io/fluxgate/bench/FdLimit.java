package io.fluxgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The per-process open-file limit ("Max open files" in /proc/PID/limits): each client socket costs one descriptor. */
public final class FdLimit {
    /** Descriptors the JVM itself needs (jars, epoll, pipes, logs) besides the sockets. */
    public static final int RESERVE = 300;

    private FdLimit() {
    }

    /** The soft limit of this process, or {@code -1} when it cannot be read (not Linux). */
    public static long current() {
        return of(Path.of("/proc/self/limits"));
    }

    /** The soft limit of process {@code pid}, or {@code -1}. */
    public static long ofPid(long pid) {
        return of(Path.of("/proc/" + pid + "/limits"));
    }

    static long of(Path limits) {
        try {
            return parse(Files.readAllLines(limits));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Parses the "Max open files  SOFT  HARD  files" line; "unlimited" is {@link Long#MAX_VALUE}. */
    static long parse(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("Max open files")) {
                String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                return "unlimited".equals(parts[0]) ? Long.MAX_VALUE : Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    /** How many sockets one process can hold under {@code limit}. */
    public static long usableSockets(long limit) {
        return limit < 0 ? Long.MAX_VALUE : Math.max(0, limit - RESERVE);
    }

    /**
     * Refuses a per-process socket count over the limit with a message that says what to do.
     *
     * @param perProcess sockets one bench process would open
     * @param procs      the current --procs
     * @param total      sockets asked for in total
     */
    public static void check(long perProcess, int procs, long total, long limit) {
        long usable = usableSockets(limit);
        if (perProcess > usable) {
            long need = (total + usable - 1) / Math.max(1, usable);
            throw new IllegalArgumentException("connections: " + total + " over " + procs + " process(es) is "
                    + perProcess + " sockets per process, more than this machine's per-process open-file limit allows"
                    + " (Max open files " + limit + ", about " + usable + " usable for sockets) (expected: --procs "
                    + Math.max(need, procs + 1) + " or more, or a higher ulimit -n where the system allows it)");
        }
    }
}
