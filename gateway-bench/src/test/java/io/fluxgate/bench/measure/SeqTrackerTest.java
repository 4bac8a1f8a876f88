package io.fluxgate.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqTrackerTest {

    @Test
    void inOrderStreamIsComplete() {
        SeqTracker t = new SeqTracker(100);
        for (long s = 101; s <= 200; s++) {
            t.onSeq(s);
        }
        assertThat(t.lost(200)).isZero();
        assertThat(t.complete(200)).isTrue();
        assertThat(t.duplicates()).isZero();
        assertThat(t.reorders()).isZero();
        assertThat(t.position()).isEqualTo(200);
        assertThat(t.distinct()).isEqualTo(100);
    }

    @Test
    void countsGapsDuplicatesAndReorders() {
        SeqTracker t = new SeqTracker(0);
        t.onSeq(1);
        t.onSeq(3);
        t.onSeq(3);
        t.onSeq(2);
        t.onSeq(5);
        assertThat(t.duplicates()).isEqualTo(1);
        assertThat(t.reorders()).isEqualTo(1);
        assertThat(t.lost(6)).isEqualTo(2);
        assertThat(t.complete(5)).isFalse();
        assertThat(t.received()).isEqualTo(5);
        assertThat(t.position()).isEqualTo(5);
    }

    @Test
    void eventsAtOrBeforeTheStartAreOutOfRange() {
        SeqTracker t = new SeqTracker(10);
        t.onSeq(10);
        t.onSeq(3);
        assertThat(t.outOfRange()).isEqualTo(2);
        assertThat(t.lost(10)).isZero();
    }

    @Test
    void latencyRecorderDropsTheWarmup() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(1_000_000);
        r.reset();
        r.record(5);
        r.record(-3);
        var h = r.take();
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMaxValue()).isEqualTo(5);
        assertThat(r.take().getTotalCount()).isZero();
    }

    @Test
    void timelineCountsPerSample() {
        Timeline t = new Timeline();
        var c = new java.util.concurrent.atomic.LongAdder();
        c.add(7);
        t.track("x", c);
        t.start();
        c.add(3);
        t.sample();
        c.add(5);
        t.sample();
        assertThat(t.snapshot().get("x")).containsExactly(3, 5);
    }
}
