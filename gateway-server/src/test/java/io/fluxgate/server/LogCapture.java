package io.fluxgate.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Records what given loggers log while a test runs: attaches an appender programmatically and lowers their
 * level, then restores both on {@link #close()} (logback-test.xml stays as it is).
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> previous = new ArrayList<>();

    private LogCapture() {
    }

    /** Captures the named loggers (classes' loggers by their class) at {@code level} and above. */
    public static LogCapture of(Level level, Class<?>... classes) {
        LogCapture c = new LogCapture();
        c.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        c.start();
        for (Class<?> type : classes) {
            Logger l = (Logger) LoggerFactory.getLogger(type);
            c.loggers.add(l);
            c.previous.add(l.getLevel());
            l.setLevel(level);
            l.addAppender(c);
        }
        return c;
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** The formatted messages so far. */
    public List<String> lines() {
        return events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** Waits until a line matches, or fails with what was logged. */
    public String await(Predicate<String> match, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : lines()) {
                if (match.test(l)) {
                    return l;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        throw new AssertionError("no matching log line within " + within + "; got: " + lines());
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(this);
            loggers.get(i).setLevel(previous.get(i));
        }
        stop();
    }
}
