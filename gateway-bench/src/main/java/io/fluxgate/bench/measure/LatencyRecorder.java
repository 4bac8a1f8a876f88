package io.fluxgate.bench.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Thread-safe latency (or size) recording into HdrHistogram: event-loop threads record, the runner takes the
 * interval at the start of the measurement (dropping the warm-up) and again at its end.
 */
public final class LatencyRecorder {
    private final Recorder recorder = new Recorder(3);
    private Histogram kept;

    /** Records one value; negative values (clock skew) count as 0. */
    public void record(long value) {
        recorder.recordValue(Math.max(0, value));
    }

    /** Drops everything recorded so far (the warm-up). */
    public void reset() {
        recorder.getIntervalHistogram();
    }

    /** Everything recorded since the last {@link #reset()} or {@link #take()}. */
    public Histogram take() {
        kept = recorder.getIntervalHistogram(kept);
        return kept.copy();
    }
}
