package io.fluxgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FdLimitTest {

    @Test
    void parsesMaxOpenFiles() {
        List<String> lines = List.of("Limit                     Soft Limit           Hard Limit           Units",
                "Max processes             unlimited            unlimited            processes",
                "Max open files            20000                20000                files");
        assertThat(FdLimit.parse(lines)).isEqualTo(20000);
        assertThat(FdLimit.parse(List.of("Max open files            unlimited            unlimited            files")))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(FdLimit.parse(List.of("nothing"))).isEqualTo(-1);
    }

    @Test
    void readsThisProcess() {
        assertThat(FdLimit.current()).isGreaterThan(0);
    }

    @Test
    void refusesMoreSocketsThanOneProcessCanHoldAndSaysHowManyProcs() {
        assertThatCode(() -> FdLimit.check(19_000, 1, 19_000, 20_000)).doesNotThrowAnyException();
        assertThatThrownBy(() -> FdLimit.check(30_000, 1, 30_000, 20_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Max open files 20000")
                .hasMessageContaining("expected: --procs 2 or more");
        assertThatThrownBy(() -> FdLimit.check(25_000, 2, 50_000, 20_000))
                .hasMessageContaining("expected: --procs 3 or more");
    }
}
