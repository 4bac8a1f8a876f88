package io.fluxgate.server.logging;

/**
 * One {@code $logs} event: a log record, or several identical ones collapsed.
 *
 * @param level the record's level (WARN, ERROR, ...)
 * @param logger the logger name
 * @param message the formatted message
 * @param ts when the (last) record was logged, epoch millis
 * @param count how many identical records this event stands for
 */
public record LogEntry(String level, String logger, String message, long ts, long count) {
}
