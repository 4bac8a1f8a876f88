package io.fluxgate.bench;

import java.time.Duration;

/** "500ms", "10s", "2m", "1h" and back. */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String s) {
        String v = s == null ? "" : s.trim();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("duration: " + s + " (expected: a number with ms, s, m or h, e.g. 10s)");
    }

    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        return s % 60 == 0 && s > 0 ? (s / 60) + "m" : s + "s";
    }
}
