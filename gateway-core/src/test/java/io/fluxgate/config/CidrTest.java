package io.fluxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void ipv4RangesHoldTheirAddressesOnly() {
        Cidr c = Cidr.parse("10.1.0.0/16");
        assertThat(c.contains(Cidr.address("10.1.255.254"))).isTrue();
        assertThat(c.contains(Cidr.address("10.2.0.1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.address("203.0.113.1"))).isTrue();
        assertThat(Cidr.parse("192.168.1.77/24")).as("host bits ignored").isEqualTo(Cidr.parse("192.168.1.0/24"));
        assertThat(Cidr.parse("10.0.0.0/9").contains(Cidr.address("10.127.0.1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/9").contains(Cidr.address("10.128.0.1"))).isFalse();
    }

    @Test
    void aBareAddressIsOneHost() {
        Cidr c = Cidr.parse("127.0.0.1");
        assertThat(c.prefix()).isEqualTo(32);
        assertThat(c.contains(Cidr.address("127.0.0.1"))).isTrue();
        assertThat(c.contains(Cidr.address("127.0.0.2"))).isFalse();
        assertThat(Cidr.parse("::1").contains(Cidr.address("::1"))).isTrue();
    }

    @Test
    void ipv6RangesAndFamilies() {
        Cidr c = Cidr.parse("2001:db8::/32");
        assertThat(c.contains(Cidr.address("2001:db8:ffff::1"))).isTrue();
        assertThat(c.contains(Cidr.address("2001:db9::1"))).isFalse();
        assertThat(c.contains(Cidr.address("10.0.0.1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.address("2001:db8::1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.address("::ffff:10.0.0.1"))).as("IPv4-mapped").isTrue();
        assertThat(Cidr.parse("[fd00::]/8").contains(Cidr.address("fdff::1"))).isTrue();
    }

    @Test
    void onlyLiteralsParseNeverNames() {
        for (String bad : new String[] {"", "localhost", "example.com", "10.0.0", "10.0.0.0.1", "256.0.0.1",
                "10.0.0.1/33", "10.0.0.0/", "10.0.0.0/x", "::1/129", "fe80::1%eth0", "1.2.3.4/-1", "[1.2.3.4]",
                "0x7f.0.0.1", "gggg::1"}) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            if (!bad.contains("/")) {
                assertThat(Cidr.address(bad)).as(bad).isNull();
            }
        }
    }

    @Test
    void trustedProxiesAndAllowedOriginsAreValidatedAtLoadWithTheKeyNamed() {
        GatewayConfig ok = ConfigLoader.fromYaml("server:\n  trustedProxies: [10.0.0.0/8, '::1', 'fd00::/8']\n"
                + "  allowedOrigins: ['https://app.example.com', 'http://localhost:3000']\n");
        assertThat(ok.server().trustedProxyRanges()).hasSize(3);
        assertThatThrownBy(() -> ConfigLoader.fromYaml("server:\n  trustedProxies: [10.0.0.0/8, proxy.local]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.trustedProxies: proxy.local (expected: IPv4/IPv6 addresses or CIDRs");
        assertThatThrownBy(() -> ConfigLoader.fromYaml("server:\n  trustedProxies: [10.0.0.0/40]\n"))
                .hasMessageContaining("server.trustedProxies: 10.0.0.0/40 (expected:")
                .hasMessageContaining("prefix length over 32");
        assertThatThrownBy(() -> ConfigLoader.fromYaml("server:\n  allowedOrigins: ['https://app.example.com/']\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server.allowedOrigins: https://app.example.com/ (expected: origins such as");
        assertThatThrownBy(() -> ConfigLoader.fromYaml("server:\n  allowedOrigins: ['app.example.com']\n"))
                .hasMessageStartingWith("server.allowedOrigins: app.example.com (expected:");
    }
}
