package io.fluxgate.config;

import java.time.Duration;
import java.util.Objects;

/** Argument checks that fail with the "name: value (expected: …)" message the loader reports. */
final class Checks {
    private Checks() {
    }

    static void check(boolean ok, String name, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
        }
    }

    static int range(String name, int value, int min, int max) {
        check(value >= min && value <= max, name, value, min + ".." + max);
        return value;
    }

    static long atLeast(String name, long value, long min) {
        check(value >= min, name, value, ">= " + min);
        return value;
    }

    static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        check(!value.isNegative() && !value.isZero(), name, Durations.format(value), "> 0");
        return value;
    }

    static Duration nonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        check(!value.isNegative(), name, Durations.format(value), ">= 0");
        return value;
    }
}
