package io.fluxgate.ratelimit;

/** Decides whether a client may run a command now. Implementations never block. */
@FunctionalInterface
public interface RateLimiter {
    /**
     * Takes {@code cost} tokens from the client's budget if it has them.
     *
     * @param clientId the budget's owner; all of a client's connections share one budget
     * @param cost tokens the command costs; 0 is always allowed
     */
    RateDecision tryAcquire(String clientId, long cost);

    /** A limiter that allows everything. */
    static RateLimiter unlimited() {
        return (clientId, cost) -> RateDecision.ALLOWED;
    }
}
