package io.fluxgate.server.http;

import io.fluxgate.config.AuthConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Who may call {@code /api/*}.
 * <ul>
 *   <li>With {@code auth.apiKeys}: {@code Authorization: Bearer <key>} naming one of them, in any mode. Keys are
 *       compared as SHA-256 digests with {@link MessageDigest#isEqual}, against every key, so neither the
 *       position of the first wrong byte nor the key length shows in the answer time.</li>
 *   <li>Open mode without keys: callers on the loopback interface only (the client IP after the trusted-proxy
 *       rule, so a remote client relayed by a local proxy is not "local"), and no browser requests: a request
 *       with an {@code Origin} header (cross-site) or a {@code Host} that is not a loopback name (DNS rebinding)
 *       is refused, so a web page cannot aim the keyless API of a developer's gateway.</li>
 *   <li>Auth mode without keys: the API is off; every call gets 401.</li>
 * </ul>
 */
final class ApiAccess {
    private final List<byte[]> keyDigests;
    private final boolean authMode;

    ApiAccess(AuthConfig auth) {
        this.keyDigests = auth.apiKeys().stream().map(ApiAccess::digest).toList();
        this.authMode = auth.enabled();
    }

    /** Null when the request may proceed, else the 401 to answer. */
    ApiException check(HttpHeaders headers, InetAddress clientIp) {
        if (keyDigests.isEmpty()) {
            if (authMode) {
                return ApiException.unauthorized("the server API is disabled: configure auth.apiKeys");
            }
            if (!clientIp.isLoopbackAddress()) {
                return ApiException.unauthorized("without auth.apiKeys the API answers loopback clients only");
            }
            if (headers.contains(HttpHeaderNames.ORIGIN) || !loopbackHost(headers.get(HttpHeaderNames.HOST))) {
                return ApiException.unauthorized("browser requests (an Origin header, or a Host that is not a"
                        + " loopback name) need an API key");
            }
            return null;
        }
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null) {
            return ApiException.unauthorized("missing API key: send Authorization: Bearer <api key>");
        }
        if (auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return ApiException.unauthorized("Authorization header must be 'Bearer <api key>'");
        }
        byte[] presented = digest(auth.substring(7).trim());
        boolean match = false;
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(key, presented);
        }
        return match ? null : ApiException.unauthorized("unknown API key");
    }

    /** {@code localhost}, {@code 127.x.y.z} or {@code [::1]}, with or without a port; a rebound DNS name is not. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return true; // HTTP/1.0 without Host: not a browser
        }
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 && h.substring(0, close + 1).equals("[::1]");
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        if (name.equals("localhost")) {
            return true;
        }
        InetAddress a = io.fluxgate.config.Cidr.address(name);
        return a != null && a.isLoopbackAddress();
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
