package io.fluxgate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the configuration's duration strings: {@code 500ms}, {@code 25s}, {@code 10m}, {@code 1h}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
    /** Longest accepted duration: its milliseconds plus any clock reading still fit in a long. */
    static final Duration MAX = Duration.ofMillis(Long.MAX_VALUE / 4);

    private Durations() {
    }

    /**
     * Parses a duration such as {@code 250ms} or {@code 10m}; {@code 0} alone is zero.
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static Duration parse(String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        // Callers use toMillis() and add it to clock readings; a longer duration would overflow there.
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("too long");
        }
        return d;
    }

    /** Prints a duration in the largest unit that keeps it whole. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
