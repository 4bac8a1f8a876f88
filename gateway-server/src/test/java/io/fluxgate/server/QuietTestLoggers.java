package io.fluxgate.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps records that tests log on purpose ({@code io.fluxgate.test.*}, e.g. to feed {@code $logs}) off the console;
 * they still reach every other appender. Wired in logback-test.xml.
 */
public final class QuietTestLoggers extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
        return event.getLoggerName().startsWith("io.fluxgate.test.") ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
