package io.fluxgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CloseStatusTest {
    @Test
    void aConstantsStatusCarriesItsOwnCodeAndReason() {
        CloseStatus s = CloseStatus.of(CloseCode.SLOW_CONSUMER);
        assertThat(s.code()).isEqualTo(4009);
        assertThat(s.reason()).isEqualTo("slow consumer");
        assertThat(s.kind()).isEqualTo(CloseCode.SLOW_CONSUMER);
        assertThatThrownBy(() -> new CloseStatus(CloseCode.SLOW_CONSUMER, 4100, "x"))
                .hasMessage("code: 4100 (expected: 4009 for SLOW_CONSUMER)");
    }

    @Test
    void anApiDisconnectMayPickAnyApplicationCodeAndAShortReason() {
        CloseStatus d = CloseStatus.disconnect(4100, "account suspended");
        assertThat(d.kind()).isEqualTo(CloseCode.DISCONNECTED);
        assertThat(d.code()).isEqualTo(4100);
        assertThat(d.reason()).isEqualTo("account suspended");
        assertThat(CloseStatus.disconnect(4003, null).reason()).isEqualTo("disconnected");
        assertThatThrownBy(() -> CloseStatus.disconnect(1000, null)).hasMessage("code: 1000 (expected: 4000..4999)");
        assertThatThrownBy(() -> CloseStatus.disconnect(5000, null)).hasMessage("code: 5000 (expected: 4000..4999)");
        assertThat(CloseStatus.disconnect(4999, "é".repeat(61)).reason()).hasSize(61);
        assertThatThrownBy(() -> CloseStatus.disconnect(4003, "é".repeat(62)))
                .hasMessage("reason: <62 chars> (expected: at most 123 UTF-8 bytes)");
    }
}
