package io.fluxgate.server.ws;

import io.fluxgate.channel.Principal;

/** Decides who a handshake belongs to, before the upgrade. */
public interface Authenticator {
    /**
     * @return the principal
     * @throws AuthenticationException when the request must be refused (HTTP 401 or 400)
     */
    Principal authenticate(HandshakeRequest request);

    /** Whether clients must present a token ("auth" mode) or not ("open" mode). */
    boolean required();
}
