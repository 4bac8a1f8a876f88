package io.fluxgate.server.ws;

import io.fluxgate.channel.Principal;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Open mode (no {@code auth.jwtSecret}): the client id is {@code ?client=<id>} when given, else generated.
 * Only for local development: the server refuses a non-loopback bind in this mode unless told otherwise.
 */
public final class OpenAuthenticator implements Authenticator {
    /** Client ids must fit in a channel name such as {@code inbox:<id>}. */
    public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.@=-]{1,64}");

    @Override
    public Principal authenticate(HandshakeRequest request) {
        String client = request.param("client");
        if (client == null) {
            return Principal.anonymous("anon-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
        }
        if (!CLIENT_ID.matcher(client).matches()) {
            throw new AuthenticationException(HttpResponseStatus.BAD_REQUEST,
                    "client must be 1..64 chars of [A-Za-z0-9_.@=-]");
        }
        return Principal.anonymous(client);
    }

    @Override
    public boolean required() {
        return false;
    }
}
