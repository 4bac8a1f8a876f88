package io.fluxgate.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxgate.broker.Broker;
import io.fluxgate.broker.Publication;
import io.fluxgate.config.LoggingConfig;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * Feeds the gateway's own log to the {@code $logs} system channel: every record at or above
 * {@code logging.level} becomes an event {@code {level, logger, message, ts, count}}, identical records within
 * {@code logging.dedupWindow} collapsed (see {@link LogDeduplicator}).
 *
 * <p>Never blocks the logging thread: records are queued (bounded; past {@link #MAX_QUEUED} they are dropped and
 * counted) and published from a task on the gateway clock. Never feeds itself: while a thread publishes, records it
 * logs are not taken (reentrancy guard), and records of this package's loggers are never taken.
 */
public final class LogsChannelAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** The system channel the records go to. */
    public static final String CHANNEL = "$logs";
    /** Distinct records tracked for collapsing at most. */
    static final int MAX_KEYS = 1024;
    /** Records waiting to be published at most. */
    static final int MAX_QUEUED = 4096;
    /** Longer messages are cut, so one huge record cannot make a huge event. */
    static final int MAX_MESSAGE_CHARS = 8192;
    private static final String OWN_PACKAGE = LogsChannelAppender.class.getPackageName();
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Set while this thread publishes to the channel: whatever it logs then stays out of the channel. */
    private static final ThreadLocal<Boolean> PUBLISHING = new ThreadLocal<>();

    private final Broker broker;
    private final Scheduler clock;
    private final Level threshold;
    private final LogDeduplicator dedup;
    private final Queue<LogEntry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private LoggerContext attachedTo;

    LogsChannelAppender(Broker broker, Scheduler clock, LoggingConfig config) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.threshold = Level.toLevel(config.level(), Level.INFO);
        this.dedup = new LogDeduplicator(clock, config.dedupWindow(), MAX_KEYS, this::enqueue);
        setName("fluxgate-logs-" + INSTANCES.incrementAndGet());
    }

    /**
     * Starts a feed and attaches it to the root logger of the Logback context in use; null when SLF4J is bound
     * to something other than Logback (then there is nothing to feed from).
     */
    public static LogsChannelAppender attach(Broker broker, Scheduler clock, LoggingConfig config) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return null;
        }
        LogsChannelAppender a = new LogsChannelAppender(broker, clock, config);
        a.setContext(ctx);
        a.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(a);
        a.attachedTo = ctx;
        return a;
    }

    /** Detaches from the root logger and stops; records queued but not yet published are dropped. */
    public void detach() {
        if (attachedTo != null) {
            attachedTo.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        }
        stop();
        dedup.close();
        queue.clear();
    }

    /** Records dropped because the queue was full or the channel refused them. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    protected void append(ILoggingEvent e) {
        if (PUBLISHING.get() != null || !e.getLevel().isGreaterOrEqual(threshold)
                || e.getLoggerName().startsWith(OWN_PACKAGE)) {
            return;
        }
        dedup.record(e.getLevel().toString(), e.getLoggerName(), message(e), e.getTimeStamp());
    }

    private static String message(ILoggingEvent e) {
        String m = e.getFormattedMessage();
        if (m == null) {
            m = "";
        }
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            m = m + " (" + t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")";
        }
        return m.length() > MAX_MESSAGE_CHARS ? m.substring(0, MAX_MESSAGE_CHARS) + "..." : m;
    }

    private void enqueue(LogEntry entry) {
        if (!isStarted() || queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(entry);
        if (wip.getAndIncrement() == 0) {
            clock.schedule(this::drain);
        }
    }

    private void drain() {
        PUBLISHING.set(Boolean.TRUE);
        try {
            int missed = 1;
            do {
                LogEntry entry;
                while ((entry = queue.poll()) != null) {
                    queued.decrementAndGet();
                    publish(entry);
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        } finally {
            PUBLISHING.remove();
        }
    }

    private void publish(LogEntry entry) {
        if (!isStarted()) {
            dropped.incrementAndGet();
            return;
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode()
                .put("level", entry.level())
                .put("logger", entry.logger())
                .put("message", entry.message())
                .put("ts", entry.ts())
                .put("count", entry.count());
        // The in-memory broker completes synchronously; a failure is counted, never logged (it would feed back).
        broker.publish(new Publication(CHANNEL, data, "log", null, null))
                .subscribe(r -> { }, err -> dropped.incrementAndGet());
    }
}
