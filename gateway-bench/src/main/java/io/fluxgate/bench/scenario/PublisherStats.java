package io.fluxgate.bench.scenario;

import io.fluxgate.bench.measure.LatencyRecorder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** What every {@link Publisher} records the same way, whatever it publishes over: ack latency and error codes. */
final class PublisherStats {
    private final LatencyRecorder ackLatency = new LatencyRecorder();
    private final Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();

    void ack(long latencyNanos) {
        ackLatency.record(latencyNanos);
    }

    void error(String code) {
        errorCodes.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    Map<String, Long> errorCodes() {
        Map<String, Long> out = new HashMap<>();
        errorCodes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    Histogram takeAckLatency() {
        return ackLatency.take();
    }

    void resetLatency() {
        ackLatency.reset();
    }
}
