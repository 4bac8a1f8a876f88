package io.fluxgate.session;

/** Counts rate-limit rejections in a sliding window; more than {@code allowed} within it is a strike-out. */
final class StrikeCounter {
    private final int allowed;
    private final long windowMs;
    /** Allocated on the first strike: most connections never get one, and idle connections must stay small. */
    private long[] times;
    private int next;
    private int size;

    StrikeCounter(int allowed, long windowMs) {
        this.allowed = allowed;
        this.windowMs = windowMs;
    }

    /** Records a rejection at {@code now}; true when it is one too many. */
    boolean strike(long now) {
        if (times == null) {
            times = new long[allowed + 1];
        }
        times[next] = now;
        next = (next + 1) % times.length;
        if (size < times.length) {
            size++;
        }
        // The oldest of the last allowed+1 rejections is still inside the window: strike-out.
        return size == times.length && now - times[next] < windowMs;
    }
}
