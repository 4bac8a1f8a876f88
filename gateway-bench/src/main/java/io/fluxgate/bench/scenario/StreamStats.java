package io.fluxgate.bench.scenario;

import io.fluxgate.bench.measure.LatencyRecorder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters and recorders shared by every subscriber of a run (recorded on event-loop threads). */
final class StreamStats {
    final LatencyRecorder delivery = new LatencyRecorder();
    final LatencyRecorder recovery = new LatencyRecorder();
    final LatencyRecorder batchSizes = new LatencyRecorder();
    final LatencyRecorder burstFirst = new LatencyRecorder();
    final LatencyRecorder burstLast = new LatencyRecorder();
    final LongAdder deliveries = new LongAdder();
    final LongAdder frames = new LongAdder();
    final LongAdder unexpectedCloses = new LongAdder();
    final LongAdder epochChanges = new LongAdder();
    final LongAdder recovered = new LongAdder();
    final LongAdder unrecovered = new LongAdder();
    final LongAdder eventsBeforeSubscribed = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
    /** Burst size, for first/last classification; 0 = not a burst run. */
    volatile int burstSize;

    void error(String code) {
        errors.computeIfAbsent(String.valueOf(code), k -> new LongAdder()).increment();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
