package io.fluxgate.bench.measure;

import java.util.BitSet;

/**
 * Checks one subscriber's stream: every seq after its start position must arrive exactly once and in order.
 * Counts duplicates (seen before), reorders (arrived after a higher seq) and, at the end, losses.
 */
public final class SeqTracker {
    private final long base;
    private final BitSet seen = new BitSet();
    private long maxSeen;
    private long received;
    private long duplicates;
    private long reorders;
    private long outOfRange;

    /** {@code base} is the channel's seq at subscribe time; the stream must continue at base + 1. */
    public SeqTracker(long base) {
        this.base = base;
        this.maxSeen = base;
    }

    public synchronized void onSeq(long seq) {
        received++;
        long idx = seq - base - 1;
        if (idx < 0 || idx > Integer.MAX_VALUE - 1) {
            outOfRange++;
            return;
        }
        if (seen.get((int) idx)) {
            duplicates++;
            return;
        }
        seen.set((int) idx);
        if (seq < maxSeen) {
            reorders++;
        } else {
            maxSeen = seq;
        }
    }

    /** The position to resume from ({@code since.seq}): the highest seq received. */
    public synchronized long position() {
        return maxSeen;
    }

    public synchronized long base() {
        return base;
    }

    public synchronized long distinct() {
        return seen.cardinality();
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long reorders() {
        return reorders;
    }

    public synchronized long outOfRange() {
        return outOfRange;
    }

    /** Seqs in (base, lastSeq] that never arrived. */
    public synchronized long lost(long lastSeq) {
        long expected = Math.max(0, lastSeq - base);
        int upTo = (int) Math.min(Integer.MAX_VALUE, expected);
        return expected - seen.get(0, upTo).cardinality();
    }

    /** True once everything up to {@code lastSeq} arrived. */
    public synchronized boolean complete(long lastSeq) {
        return lost(lastSeq) == 0;
    }
}
