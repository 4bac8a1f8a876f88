package io.fluxgate.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every line that reaches the root logger, from any logger, while a test runs, with the named logger
 * trees lowered to a level (so DEBUG lines count too); {@link #close()} restores the levels. {@link LogCapture}
 * watches given classes; this one is for claims about all log output ("the token is never logged").
 */
final class RootLogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final LoggerContext ctx;
    private final List<Logger> lowered = new ArrayList<>();
    private final List<Level> previous = new ArrayList<>();

    private RootLogCapture(LoggerContext ctx) {
        this.ctx = ctx;
    }

    /** Captures everything, with the loggers {@code names} (and their children) at {@code level}. */
    static RootLogCapture of(Level level, String... names) {
        LoggerContext ctx = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        RootLogCapture c = new RootLogCapture(ctx);
        c.setContext(ctx);
        c.start();
        for (String name : names) {
            ctx.getLogger(name); // exists from here on, so the loop below sees it
            // The tree's own logger, and descendants with a level of their own (logback-test.xml quiets some).
            for (Logger l : ctx.getLoggerList()) {
                if (l.getName().equals(name) || l.getName().startsWith(name + ".") && l.getLevel() != null) {
                    c.lowered.add(l);
                    c.previous.add(l.getLevel());
                    l.setLevel(level);
                }
            }
        }
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(c);
        return c;
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** Every captured record as {@code LEVEL logger - message}, with key-value pairs and any throwable's text. */
    List<String> lines() {
        return events.stream().map(RootLogCapture::render).toList();
    }

    private static String render(ILoggingEvent e) {
        StringBuilder b = new StringBuilder().append(e.getLevel()).append(' ').append(e.getLoggerName())
                .append(" - ").append(e.getFormattedMessage());
        if (e.getKeyValuePairs() != null) {
            e.getKeyValuePairs().forEach(kv -> b.append(' ').append(kv.key).append('=').append(kv.value));
        }
        for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return b.toString();
    }

    @Override
    public void close() {
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        for (int i = 0; i < lowered.size(); i++) {
            lowered.get(i).setLevel(previous.get(i));
        }
        stop();
    }
}
