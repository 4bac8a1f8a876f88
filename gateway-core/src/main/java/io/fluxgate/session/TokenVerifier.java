package io.fluxgate.session;

import io.fluxgate.channel.Principal;
import java.time.Duration;

/** Checks a {@code refresh} token for a connected client. */
@FunctionalInterface
public interface TokenVerifier {
    /**
     * @param current who the connection belongs to
     * @param token the new token
     * @return the refreshed principal
     * @throws IllegalArgumentException with the reason when the token is not acceptable
     */
    Principal refresh(Principal current, String token);

    /**
     * How long after a principal's {@code expiresAt} its connection may live on: the clock-skew allowance the
     * verifier also grants at the handshake, so a token accepted there is not cut off at once.
     */
    default Duration leeway() {
        return Duration.ZERO;
    }

    /** Open mode: there is nothing to refresh. */
    TokenVerifier NONE = (current, token) -> {
        throw new IllegalArgumentException("refresh needs auth: the gateway runs without client tokens");
    };
}
