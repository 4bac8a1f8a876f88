package io.fluxgate.channel;

import java.time.Instant;
import java.util.Objects;

/**
 * Who is on the other end of a connection.
 *
 * @param clientId the client id (JWT {@code sub}, or {@code ?client=} / generated in open mode)
 * @param admin whether the client is an operator ({@code admin: true} in its token)
 * @param expiresAt when its token expires, or null (open mode, or a token without {@code exp})
 */
public record Principal(String clientId, boolean admin, Instant expiresAt) {
    public Principal {
        Objects.requireNonNull(clientId, "clientId");
    }

    /** An open-mode client: no token, not an admin. */
    public static Principal anonymous(String clientId) {
        return new Principal(clientId, false, null);
    }

    /** The same client with a refreshed expiry (and admin flag from the new token). */
    public Principal refreshed(boolean admin, Instant expiresAt) {
        return new Principal(clientId, admin, expiresAt);
    }
}
