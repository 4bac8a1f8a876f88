package io.fluxgate.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Objects;

/** A validated WebSocket target: {@code ws://} on a loopback address only, because the bench must never load a real host. */
public record Target(URI uri, InetSocketAddress address) {

    public Target {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(address, "address");
    }

    /** Parses and checks {@code ws://host:port/path}; the host must be 127.0.0.0/8, ::1 or localhost. */
    public static Target parse(String text) {
        Objects.requireNonNull(text, "text");
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: " + text + " (expected: ws://127.0.0.1:PORT/ws)");
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("url: " + text + " (expected: scheme ws://, the bench does not speak TLS)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("url: " + text + " (expected: a host, e.g. ws://127.0.0.1:8080/ws)");
        }
        InetAddress ip = loopback(uri.getHost(), "url", text);
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        return new Target(uri, new InetSocketAddress(ip, port));
    }

    /** Resolves {@code host} and refuses anything that is not loopback. */
    public static InetAddress loopback(String host, String option) {
        return loopback(host, option, host);
    }

    static InetAddress loopback(String host, String option, String shown) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean literal = h.equalsIgnoreCase("localhost") || h.matches("[0-9.]+") || h.contains(":");
        if (!literal) {
            throw new IllegalArgumentException(option + ": " + shown
                    + " (expected: a loopback target: 127.0.0.0/8, ::1 or localhost; the bench refuses other hosts)");
        }
        try {
            InetAddress ip = InetAddress.getByName(h);
            if (!ip.isLoopbackAddress()) {
                throw new IllegalArgumentException(option + ": " + shown
                        + " (expected: a loopback target: 127.0.0.0/8, ::1 or localhost; the bench refuses other hosts)");
            }
            return ip;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": " + shown + " (expected: a loopback address)");
        }
    }

    /** The same target with extra query parameters (e.g. {@code client=..&batch=true}). */
    public URI withQuery(String query) {
        String base = uri.toString();
        if (query == null || query.isEmpty()) {
            return uri;
        }
        return URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + query);
    }

    /** {@code http://host:port} of the same server, for the HTTP API and /metrics. */
    public String httpBase() {
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        return "http://" + host + ":" + address.getPort();
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
