package io.fluxgate.bench.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Per-second counts of named counters during the measurement, for the throughput-over-time chart. */
public final class Timeline {
    private final Map<String, LongAdder> sources = new LinkedHashMap<>();
    private final Map<String, Long> last = new LinkedHashMap<>();
    private final Map<String, List<Long>> series = new LinkedHashMap<>();

    /** Tracks {@code counter} (only ever increasing) under {@code name}. */
    public synchronized void track(String name, LongAdder counter) {
        sources.put(name, counter);
    }

    /** Sets the origin: later samples count from the counters' current values. */
    public synchronized void start() {
        series.clear();
        sources.forEach((n, c) -> {
            last.put(n, c.sum());
            series.put(n, new ArrayList<>());
        });
    }

    /** Appends one sample (called once a second by the progress ticker). */
    public synchronized void sample() {
        sources.forEach((n, c) -> {
            long now = c.sum();
            List<Long> s = series.get(n);
            if (s != null) {
                s.add(now - last.getOrDefault(n, 0L));
                last.put(n, now);
            }
        });
    }

    public synchronized Map<String, long[]> snapshot() {
        Map<String, long[]> out = new LinkedHashMap<>();
        series.forEach((n, s) -> out.put(n, s.stream().mapToLong(Long::longValue).toArray()));
        return out;
    }
}
