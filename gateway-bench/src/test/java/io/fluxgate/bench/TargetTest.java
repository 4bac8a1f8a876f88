package io.fluxgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"ws://127.0.0.1:8080/ws", "ws://127.9.8.7:1/ws", "ws://localhost:8080/ws", "ws://[::1]:8080/ws"})
    void acceptsLoopback(String url) {
        Target t = Target.parse(url);
        assertThat(t.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://10.0.0.1:8080/ws", "ws://8.8.8.8/ws", "ws://example.com/ws", "ws://0.0.0.0:8080/ws",
            "ws://192.168.1.1:80/ws"})
    void refusesAnythingElse(String url) {
        assertThatThrownBy(() -> Target.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url: ").hasMessageContaining("loopback");
    }

    @Test
    void refusesTlsAndGarbage() {
        assertThatThrownBy(() -> Target.parse("wss://127.0.0.1/ws")).hasMessageContaining("expected: scheme ws://");
        assertThatThrownBy(() -> Target.parse("not a url")).hasMessageContaining("url: not a url");
    }

    @Test
    void addsQueryAndDerivesHttpBase() {
        Target t = Target.parse("ws://127.0.0.1:8080/ws");
        assertThat(t.withQuery("client=a&batch=true").toString()).isEqualTo("ws://127.0.0.1:8080/ws?client=a&batch=true");
        assertThat(Target.parse("ws://127.0.0.1:8080/ws?x=1").withQuery("client=a").toString())
                .isEqualTo("ws://127.0.0.1:8080/ws?x=1&client=a");
        assertThat(t.httpBase()).isEqualTo("http://127.0.0.1:8080");
    }
}
