package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StrikeCounterTest {

    @Test
    void moreThanAllowedWithinTheWindowIsAStrikeOut() {
        StrikeCounter c = new StrikeCounter(3, 10_000);
        assertThat(c.strike(0)).isFalse();
        assertThat(c.strike(1)).isFalse();
        assertThat(c.strike(2)).isFalse();
        assertThat(c.strike(3)).isTrue();
    }

    @Test
    void theWindowSlides() {
        StrikeCounter c = new StrikeCounter(3, 10_000);
        assertThat(c.strike(0)).isFalse();
        assertThat(c.strike(1_000)).isFalse();
        assertThat(c.strike(2_000)).isFalse();
        // The strike at 0 is exactly 10 s old: out of the window.
        assertThat(c.strike(10_000)).isFalse();
        // Now 1000, 2000, 10000 and 10001 are all within 10 s.
        assertThat(c.strike(10_001)).isTrue();
    }

    @Test
    void spreadOutStrikesNeverAddUp() {
        StrikeCounter c = new StrikeCounter(2, 10_000);
        for (long t = 0; t < 1_000_000; t += 5_000) {
            assertThat(c.strike(t)).as("strike at %d", t).isFalse();
        }
    }

    @Test
    void zeroAllowedStrikesOutOnTheFirstRefusal() {
        assertThat(new StrikeCounter(0, 10_000).strike(42)).isTrue();
    }

    @Test
    void oneAllowed() {
        StrikeCounter c = new StrikeCounter(1, 10_000);
        assertThat(c.strike(0)).isFalse();
        assertThat(c.strike(10_000)).isFalse();
        assertThat(c.strike(19_999)).isTrue();
    }
}
