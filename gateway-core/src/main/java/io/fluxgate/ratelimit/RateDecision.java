package io.fluxgate.ratelimit;

/**
 * The answer of a rate-limit check.
 *
 * @param allowed whether the tokens were taken and the command may run
 * @param retryAfterMs when refused, how long until enough tokens are back (rounded up); 0 when allowed
 */
public record RateDecision(boolean allowed, long retryAfterMs) {
    /** The shared "go ahead" answer. */
    public static final RateDecision ALLOWED = new RateDecision(true, 0);
}
