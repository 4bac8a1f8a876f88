package io.fluxgate.server.ws;

import io.fluxgate.config.Cidr;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who the client is behind proxies ({@code server.trustedProxies}). Forwarding headers are believed only when
 * the socket peer is a trusted proxy; then the hops are walked right to left (nearest first) and the first one
 * that is not itself a trusted proxy is the client. Everything left of it was written by the client or by
 * proxies nobody vouches for, so a client cannot choose its address by sending the header itself.
 *
 * <p>{@code Forwarded} (RFC 7239, its {@code for=} parameters) is read when present, else
 * {@code X-Forwarded-For}; every line of the header counts, in order. A hop that is not an IP address
 * ({@code unknown}, an obfuscated {@code _id}, garbage) ends the walk at the nearest trusted hop, since nothing
 * beyond it can be attributed. Reactor Netty's {@code forwarded(true)} is not used: it takes the left-most entry.
 */
public final class ClientIpResolver {
    static final String FORWARDED = "Forwarded";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private static final Logger log = LoggerFactory.getLogger(ClientIpResolver.class);

    private final List<Cidr> trusted;

    public ClientIpResolver(List<Cidr> trusted) {
        this.trusted = List.copyOf(Objects.requireNonNull(trusted, "trusted"));
        for (Cidr c : this.trusted) {
            if (c.prefix() == 0) {
                log.warn("server.trustedProxies contains {}: every peer is trusted, so any client can choose the"
                        + " IP address the gateway sees (per-IP limits and logs)", c);
            }
        }
    }

    /** The client's IP as text (the form {@link InetAddress#getHostAddress()} gives), or "unknown" without a peer. */
    public String resolve(InetSocketAddress peer, HttpHeaders headers) {
        if (peer == null || peer.getAddress() == null) {
            return "unknown";
        }
        return resolve(peer.getAddress(), headers).getHostAddress();
    }

    /** The client's address given the socket peer and the request's headers. */
    public InetAddress resolve(InetAddress peer, HttpHeaders headers) {
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = headers.getAll(FORWARDED);
        List<InetAddress> hops = !forwarded.isEmpty() ? ForwardedHeader.forHops(forwarded)
                : xForwardedFor(headers.getAll(X_FORWARDED_FOR));
        InetAddress current = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = hops.get(i);
            if (hop == null) {
                return current;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
            current = hop;
        }
        return current;
    }

    /** Whether an address is one of the trusted proxies. */
    public boolean isTrusted(InetAddress address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** {@code X-Forwarded-For: client, proxy1, proxy2}; an entry that is no IP address becomes null. */
    static List<InetAddress> xForwardedFor(List<String> lines) {
        List<InetAddress> out = new ArrayList<>();
        for (String line : lines) {
            for (String part : line.split(",", -1)) {
                String p = part.trim();
                if (!p.isEmpty()) {
                    out.add(node(p));
                }
            }
        }
        return out;
    }

    /**
     * An address as proxies write it: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1},
     * {@code [2001:db8::1]} or {@code [2001:db8::1]:4711}; null for anything else.
     */
    static InetAddress node(String s) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = s.substring(close + 1);
            if (!rest.isEmpty() && !validPort(rest)) {
                return null;
            }
            return Cidr.address(s.substring(0, close + 1));
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && colon == s.lastIndexOf(':')) {
            // Exactly one colon: IPv4 with a port.
            return validPort(s.substring(colon)) ? Cidr.address(s.substring(0, colon)) : null;
        }
        return Cidr.address(s);
    }

    private static boolean validPort(String colonPort) {
        if (colonPort.length() < 2 || colonPort.length() > 6 || colonPort.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < colonPort.length(); i++) {
            if (!Character.isDigit(colonPort.charAt(i))) {
                return false;
            }
        }
        return Integer.parseInt(colonPort.substring(1)) <= 65535;
    }
}
