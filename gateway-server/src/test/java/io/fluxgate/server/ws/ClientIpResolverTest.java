package io.fluxgate.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.config.Cidr;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIpResolverTest {
    private final ClientIpResolver resolver = new ClientIpResolver(List.of(
            Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.1"), Cidr.parse("fd00::/8")));

    private String resolve(String peer, String... headerPairs) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            h.add(headerPairs[i], headerPairs[i + 1]);
        }
        return resolver.resolve(new InetSocketAddress(Cidr.address(peer), 40000), h);
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        assertThat(resolve("203.0.113.9", "X-Forwarded-For", "1.1.1.1")).isEqualTo("203.0.113.9");
        assertThat(resolve("203.0.113.9", "Forwarded", "for=1.1.1.1")).isEqualTo("203.0.113.9");
        assertThat(resolve("127.0.0.2", "X-Forwarded-For", "1.1.1.1")).as("only 127.0.0.1 is trusted")
                .isEqualTo("127.0.0.2");
    }

    @Test
    void withoutTrustedProxiesHeadersAreNeverRead() {
        ClientIpResolver none = new ClientIpResolver(List.of());
        HttpHeaders h = new DefaultHttpHeaders().add("X-Forwarded-For", "1.1.1.1");
        assertThat(none.resolve(new InetSocketAddress(Cidr.address("127.0.0.1"), 1), h)).isEqualTo("127.0.0.1");
    }

    @Test
    void aTrustedPeerWithoutHeadersIsItself() {
        assertThat(resolve("10.1.2.3")).isEqualTo("10.1.2.3");
    }

    @Test
    void theRightMostUntrustedHopIsTheClientSoAPrependedSpoofIsIgnored() {
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "198.51.100.7")).isEqualTo("198.51.100.7");
        // The client sent "6.6.6.6"; the proxy appended the address it saw.
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "6.6.6.6, 198.51.100.7")).isEqualTo("198.51.100.7");
        // Trusted proxies in a row are skipped.
        assertThat(resolve("10.0.0.1", "X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.9.9.9, 127.0.0.1"))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void everyLineOfTheHeaderCountsInOrder() {
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.7, 10.0.0.2"))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void whenEveryHopIsTrustedTheFarthestIsTheClient() {
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "10.0.0.5, 10.0.0.6")).isEqualTo("10.0.0.5");
    }

    @Test
    void aHopThatIsNoAddressEndsTheWalkAtTheNearestTrustedHop() {
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "198.51.100.7, unknown")).isEqualTo("127.0.0.1");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "198.51.100.7, garbage, 10.0.0.3")).isEqualTo("10.0.0.3");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "example.com")).as("never a DNS lookup")
                .isEqualTo("127.0.0.1");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", ",,")).as("empty entries are no hops")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void portsAndBracketsAreUnderstood() {
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "198.51.100.7:4711")).isEqualTo("198.51.100.7");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "[2001:db8::1]:4711")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "2001:db8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "[2001:db8::1]")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "198.51.100.7:99999")).isEqualTo("127.0.0.1");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "256.1.1.1")).isEqualTo("127.0.0.1");
        assertThat(resolve("127.0.0.1", "X-Forwarded-For", "[2001:db8::1")).isEqualTo("127.0.0.1");
    }

    @Test
    void forwardedIsReadPerRfc7239AndWinsOverXForwardedFor() {
        assertThat(resolve("127.0.0.1", "Forwarded", "for=198.51.100.7;proto=https;by=10.0.0.1"))
                .isEqualTo("198.51.100.7");
        assertThat(resolve("127.0.0.1", "Forwarded", "for=\"[2001:db8:cafe::17]:4711\""))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(resolve("127.0.0.1", "Forwarded", "for=6.6.6.6, for=198.51.100.7;proto=http",
                "X-Forwarded-For", "1.1.1.1")).isEqualTo("198.51.100.7");
        assertThat(resolve("127.0.0.1", "Forwarded", "For=\"198.51.100.8\"")).isEqualTo("198.51.100.8");
        // A quoted value may hold the separators; it stays one element.
        assertThat(resolve("127.0.0.1", "Forwarded", "for=198.51.100.9;host=\"a,b;c\"")).isEqualTo("198.51.100.9");
        // Obfuscated and unknown nodes cannot be attributed.
        assertThat(resolve("127.0.0.1", "Forwarded", "for=198.51.100.7, for=_hidden")).isEqualTo("127.0.0.1");
        assertThat(resolve("127.0.0.1", "Forwarded", "for=unknown")).isEqualTo("127.0.0.1");
        // An element without for= is a hop nothing is known about.
        assertThat(resolve("127.0.0.1", "Forwarded", "for=198.51.100.7, proto=https")).isEqualTo("127.0.0.1");
        assertThat(resolve("10.0.0.1", "Forwarded", "for=198.51.100.7, for=10.0.0.2")).isEqualTo("198.51.100.7");
    }

    @Test
    void ipv6PeersAndRangesWork() {
        assertThat(resolve("fd12::1", "X-Forwarded-For", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(resolve("fe80::1", "X-Forwarded-For", "198.51.100.7")).isEqualTo("fe80:0:0:0:0:0:0:1");
        assertThat(resolver.isTrusted(Cidr.address("::ffff:10.1.1.1"))).as("IPv4-mapped").isTrue();
    }

    @Test
    void forwardedElementsAreSplitOutsideQuotesOnly() {
        List<InetAddress> hops = ForwardedHeader.forHops(List.of(
                "for=192.0.2.60;proto=http;by=203.0.113.43, for=\"[2001:db8::2]\" ,for=unknown,, for=\"1.2.3.4\\\"\""));
        assertThat(hops).hasSize(4);
        assertThat(hops.get(0)).isEqualTo(Cidr.address("192.0.2.60"));
        assertThat(hops.get(1)).isEqualTo(Cidr.address("2001:db8::2"));
        assertThat(hops.get(2)).isNull();
        assertThat(hops.get(3)).as("an escaped quote makes it no address").isNull();
    }
}
