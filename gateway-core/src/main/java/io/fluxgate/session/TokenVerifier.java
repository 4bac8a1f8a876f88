package io.fluxgate.session;

import io.fluxgate.channel.Principal;

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

    /** Open mode: there is nothing to refresh. */
    TokenVerifier NONE = (current, token) -> {
        throw new IllegalArgumentException("refresh needs auth: the gateway runs without client tokens");
    };
}
