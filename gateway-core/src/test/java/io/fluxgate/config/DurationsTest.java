package io.fluxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("25s")).isEqualTo(Duration.ofSeconds(25));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("3d")).isEqualTo(Duration.ofDays(3));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("0ms")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse(" 5 s ")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("007s")).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "5", "ms", "1.5s", "-1s", "5 sec", "5S", "5sec", "1m30s", "s5", "+5s", "0x10s",
            "1000000000000ms", "999999999999d"})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyAcceptedDurationFitsInMilliseconds() {
        for (String unit : new String[] {"ms", "s", "m", "h", "d"}) {
            try {
                Duration d = Durations.parse("999999999999" + unit);
                assertThat(d.toMillis()).isPositive();
            } catch (IllegalArgumentException refused) {
                // refusing is fine too; failing later with ArithmeticException is not
            }
        }
    }

    @Test
    void formatsInTheLargestWholeUnit() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(1))).isEqualTo("1m");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(Durations.format(Duration.ofDays(2))).isEqualTo("48h");
        assertThat(Durations.format(Duration.ofSeconds(-1))).isEqualTo("-1s");
    }

    @Test
    void formatThenParseIsTheIdentity() {
        for (Duration d : new Duration[] {Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1500),
                Duration.ofSeconds(59), Duration.ofMinutes(61), Duration.ofHours(25), Duration.ofDays(400)}) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
    }
}
