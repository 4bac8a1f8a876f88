package io.fluxgate.bench.report;

/**
 * The server process seen from /proc at three moments: before the bench connected ({@code idle}), at the start
 * of the measurement and at its end. CPU is utime+stime in clock ticks, memory is VmRSS; heap is -1 when unknown.
 */
public record ServerStats(long pid, long ticksPerSecond, Snapshot idle, Snapshot start, Snapshot end) {

    /** One reading; -1 for anything not readable. */
    public record Snapshot(long cpuTicks, long rssKb, long heapBytes, long threads) {
        public static final Snapshot NONE = new Snapshot(-1, -1, -1, -1);
    }

    /** Server CPU seconds spent during the measurement, or -1. */
    public double cpuSeconds() {
        if (start.cpuTicks() < 0 || end.cpuTicks() < 0) {
            return -1;
        }
        return (end.cpuTicks() - start.cpuTicks()) / (double) ticksPerSecond;
    }
}
