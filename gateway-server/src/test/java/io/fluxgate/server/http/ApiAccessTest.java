package io.fluxgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.config.AuthConfig;
import io.fluxgate.config.Cidr;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiAccessTest {
    private static final InetAddress LOCAL = Cidr.address("127.0.0.1");
    private static final InetAddress REMOTE = Cidr.address("203.0.113.5");

    private static HttpHeaders headers(String... kv) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < kv.length; i += 2) {
            h.add(kv[i], kv[i + 1]);
        }
        return h;
    }

    @Test
    void keysAreRequiredWhenConfiguredEvenOnLoopback() {
        ApiAccess a = new ApiAccess(new AuthConfig(null, List.of("first-key-0123456789", "second-key-0123456789")));
        assertThat(a.check(headers(), LOCAL)).isNotNull();
        assertThat(a.check(headers("Authorization", "Bearer second-key-0123456789"), REMOTE)).isNull();
        assertThat(a.check(headers("Authorization", "bearer first-key-0123456789"), REMOTE)).isNull();
        assertThat(a.check(headers("Authorization", "Bearer first-key-012345678"), LOCAL).getMessage())
                .isEqualTo("unknown API key");
        assertThat(a.check(headers("Authorization", "Bearer first-key-0123456789x"), LOCAL)).isNotNull();
        assertThat(a.check(headers("Authorization", "first-key-0123456789"), LOCAL).getMessage()).contains("Bearer");
    }

    @Test
    void openModeWithoutKeysIsLoopbackOnlyAndRefusesBrowsers() {
        ApiAccess a = new ApiAccess(new AuthConfig(null, List.of()));
        assertThat(a.check(headers("Host", "127.0.0.1:8080"), LOCAL)).isNull();
        assertThat(a.check(headers(), Cidr.address("::1"))).isNull();
        assertThat(a.check(headers("Host", "127.0.0.1:8080"), REMOTE).getMessage()).contains("loopback clients only");
        assertThat(a.check(headers("Host", "localhost", "Origin", "http://localhost:3000"), LOCAL)).isNotNull();
        assertThat(a.check(headers("Host", "rebound.example:8080"), LOCAL)).isNotNull();
    }

    @Test
    void authModeWithoutKeysDisablesTheApi() {
        ApiAccess a = new ApiAccess(new AuthConfig("0123456789abcdef0123456789abcdef", List.of()));
        assertThat(a.check(headers("Host", "localhost"), LOCAL).getMessage()).contains("disabled");
    }

    @Test
    void loopbackHostsAreNamesOrLiteralsOfTheLoopbackInterface() {
        for (String ok : new String[] {"localhost", "LOCALHOST:8080", "127.0.0.1", "127.1.2.3:80", "[::1]", "[::1]:8080"}) {
            assertThat(ApiAccess.loopbackHost(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"evil.example", "localhost.evil.example", "10.0.0.1:8080", "[::2]:80",
                "[::1", "0.0.0.0", "127.0.0.1.nip.io"}) {
            assertThat(ApiAccess.loopbackHost(bad)).as(bad).isFalse();
        }
    }
}
