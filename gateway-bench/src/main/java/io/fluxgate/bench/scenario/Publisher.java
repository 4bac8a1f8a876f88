package io.fluxgate.bench.scenario;

import java.time.Duration;

/** Publishes to the bench channel at a fixed rate, or in bursts; tracks acknowledged seqs. */
interface Publisher extends AutoCloseable {
    /** Starts publishing {@code rate} per second (send time = intended time, so backlog shows as latency). */
    void startRate(double rate);

    /** Starts bursts of {@code size} publishes every {@code every}. */
    void startBursts(int size, Duration every);

    /** Stops sending; returns after every sent publish was answered or {@code max} passed. */
    void stop(Duration max) throws InterruptedException;

    long sent();

    long acked();

    /** The highest seq acknowledged. */
    long lastSeq();

    long errors();

    java.util.Map<String, Long> errorCodes();

    org.HdrHistogram.Histogram ackLatency();

    /** Drops what was recorded during the warm-up. */
    void resetLatency();

    @Override
    void close();
}
