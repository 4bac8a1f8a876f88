package io.fluxgate.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Logging settings.
 *
 * @param level root level: trace, debug, info, warn or error (default info)
 * @param format text or json lines (default text)
 * @param dedupWindow identical records within it collapse into one {@code $logs} event (default 5s)
 */
public record LoggingConfig(String level, LogFormat format, Duration dedupWindow) {
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    public LoggingConfig {
        Objects.requireNonNull(level, "level");
        level = level.toLowerCase(Locale.ROOT);
        Checks.check(LEVELS.contains(level), "level", level, "one of trace, debug, info, warn, error");
        Objects.requireNonNull(format, "format");
        Checks.nonNegative("dedupWindow", dedupWindow);
    }

    static LoggingConfig defaults() {
        return new LoggingConfig("info", LogFormat.TEXT, Duration.ofSeconds(5));
    }
}
