package io.fluxgate.session;

/** Counts rate-limit rejections in a sliding window; more than {@code allowed} within it is a strike-out. */
final class StrikeCounter {
    private final long[] times;
    private final long windowMs;
    private int next;
    private int size;

    StrikeCounter(int allowed, long windowMs) {
        this.times = new long[allowed + 1];
        this.windowMs = windowMs;
    }

    /** Records a rejection at {@code now}; true when it is one too many. */
    boolean strike(long now) {
        times[next] = now;
        next = (next + 1) % times.length;
        if (size < times.length) {
            size++;
        }
        // The oldest of the last allowed+1 rejections is still inside the window: strike-out.
        return size == times.length && now - times[next] < windowMs;
    }
}
