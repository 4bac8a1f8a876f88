package io.fluxgate.server.ws;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * What the handshake checks need from the upgrade request, without Reactor Netty types.
 *
 * @param headers the request headers
 * @param query decoded query parameters
 * @param clientIp the client's IP (after the trusted-proxy rule)
 */
public record HandshakeRequest(HttpHeaders headers, Map<String, List<String>> query, String clientIp) {

    static HandshakeRequest of(HttpHeaders headers, String uri, String clientIp) {
        return new HandshakeRequest(headers, new QueryStringDecoder(uri).parameters(), clientIp);
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
