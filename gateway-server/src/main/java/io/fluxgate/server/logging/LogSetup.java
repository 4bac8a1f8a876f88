package io.fluxgate.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.fluxgate.config.LogFormat;
import io.fluxgate.config.LoggingConfig;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.level} and {@code logging.format} at start-up on top of logback.xml: the root level, and
 * for {@code json} Logback's {@link JsonEncoder} (one JSON object per line) on every output-stream appender of
 * the root logger, also those wrapped in an async appender.
 */
public final class LogSetup {
    private LogSetup() {
    }

    /** Applies to the Logback context SLF4J is bound to; does nothing under another SLF4J binding. */
    public static void apply(LoggingConfig config) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            apply(ctx, config);
        }
    }

    static void apply(LoggerContext ctx, LoggingConfig config) {
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(config.level(), Level.INFO));
        if (config.format() == LogFormat.JSON) {
            toJson(ctx, root);
        }
    }

    private static void toJson(LoggerContext ctx, AppenderAttachable<ILoggingEvent> attachable) {
        for (Iterator<Appender<ILoggingEvent>> it = attachable.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof OutputStreamAppender<ILoggingEvent> out) {
                // Swapped in place: stopping would close the stream (System.out for the console). Main runs this
                // before the gateway starts, while nothing else logs.
                out.setEncoder(jsonEncoder(ctx));
            } else if (a instanceof AppenderAttachable<?> nested) {
                @SuppressWarnings("unchecked")
                AppenderAttachable<ILoggingEvent> n = (AppenderAttachable<ILoggingEvent>) nested;
                toJson(ctx, n);
            }
        }
    }

    /**
     * Fields: timestamp (epoch ms), level, threadName, loggerName, formattedMessage, kvpList (e.g. the access
     * log's fields), throwable; no context, MDC, raw template or arguments.
     */
    static JsonEncoder jsonEncoder(LoggerContext ctx) {
        JsonEncoder e = new JsonEncoder();
        e.setContext(ctx);
        e.setWithSequenceNumber(false);
        e.setWithNanoseconds(false);
        e.setWithContext(false);
        e.setWithMDC(false);
        e.setWithMarkers(false);
        e.setWithMessage(false);
        e.setWithArguments(false);
        e.setWithFormattedMessage(true);
        e.start();
        return e;
    }
}
