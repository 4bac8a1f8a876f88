package io.fluxgate.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxgate.config.LogFormat;
import io.fluxgate.config.LoggingConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** logging.level and logging.format applied to a Logback context of its own. */
class LogSetupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggerContext ctx = new LoggerContext();

    {
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    }
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    /** A root appender like logback.xml's: a pattern encoder on an output stream. */
    private OutputStreamAppender<ILoggingEvent> textAppender() {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%level %logger - %msg%n");
        enc.start();
        OutputStreamAppender<ILoggingEvent> a = new OutputStreamAppender<>();
        a.setContext(ctx);
        a.setName("STDOUT");
        a.setEncoder(enc);
        a.setOutputStream(sink);
        a.start();
        return a;
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerLine() throws Exception {
        OutputStreamAppender<ILoggingEvent> out = textAppender();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(out);
        LogSetup.apply(ctx, new LoggingConfig("debug", LogFormat.JSON, Duration.ofSeconds(5)));
        Logger log = ctx.getLogger("io.fluxgate.test.Json");
        log.debug("plain");
        log.info("quotes \" and \\ and\nnewline and unicode \u00e9\u4e2d and tab\t");
        log.warn("failed", new IllegalStateException("boom"));
        log.atInfo().addKeyValue("client", "alice").addKeyValue("durationMs", 12).log("connection closed");
        log.trace("below the level");

        List<String> lines = sink.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        JsonNode[] nodes = new JsonNode[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            nodes[i] = JSON.readTree(lines.get(i));
            assertThat(nodes[i].isObject()).as(lines.get(i)).isTrue();
            assertThat(nodes[i].path("loggerName").asText()).isEqualTo("io.fluxgate.test.Json");
            assertThat(nodes[i].path("timestamp").asLong()).isPositive();
        }
        assertThat(nodes[0].path("level").asText()).isEqualTo("DEBUG");
        assertThat(nodes[1].path("formattedMessage").asText())
                .isEqualTo("quotes \" and \\ and\nnewline and unicode \u00e9\u4e2d and tab\t");
        assertThat(nodes[2].path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(nodes[3].path("kvpList").toString()).contains("\"client\":\"alice\"");
    }

    @Test
    void jsonFormatReachesAppendersBehindAnAsyncAppender() {
        OutputStreamAppender<ILoggingEvent> out = textAppender();
        AsyncAppender async = new AsyncAppender();
        async.setContext(ctx);
        async.addAppender(out);
        async.start();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(async);
        LogSetup.apply(ctx, new LoggingConfig("info", LogFormat.JSON, Duration.ofSeconds(5)));
        assertThat(out.getEncoder()).isInstanceOf(ch.qos.logback.classic.encoder.JsonEncoder.class);
        assertThat(out.isStarted()).isTrue();
    }

    @Test
    void textFormatKeepsThePatternAndTheLevelIsApplied() {
        OutputStreamAppender<ILoggingEvent> out = textAppender();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(out);
        LogSetup.apply(ctx, new LoggingConfig("warn", LogFormat.TEXT, Duration.ofSeconds(5)));
        assertThat(ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        Logger log = ctx.getLogger("x");
        log.info("hidden");
        log.warn("shown");
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("WARN x - shown\n");
    }
}
