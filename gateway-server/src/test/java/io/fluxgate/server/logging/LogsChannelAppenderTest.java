package io.fluxgate.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.broker.ChannelEvent;
import io.fluxgate.broker.InMemoryBroker;
import io.fluxgate.config.ChannelsConfig;
import io.fluxgate.config.LogFormat;
import io.fluxgate.config.LoggingConfig;
import io.fluxgate.channel.ChannelPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The appender on a Logback context of its own, publishing to a real in-memory broker. */
class LogsChannelAppenderTest {
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final LoggerContext ctx = new LoggerContext();

    {
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    }
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private InMemoryBroker broker;
    private LogsChannelAppender appender;

    private Logger start(String level, Duration window, reactor.core.scheduler.Scheduler feedClock) {
        broker = new InMemoryBroker(new ChannelPolicy(defaultChannels())::settings, clock, Duration.ofMinutes(1));
        broker.subscribe(LogsChannelAppender.CHANNEL, null, events::add).block(Duration.ofSeconds(5));
        appender = new LogsChannelAppender(broker, feedClock, new LoggingConfig(level, LogFormat.TEXT, window));
        appender.setContext(ctx);
        appender.start();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return ctx.getLogger("io.fluxgate.test.Unit");
    }

    @AfterEach
    void stop() {
        if (appender != null) {
            appender.stop();
        }
        if (broker != null) {
            broker.close();
        }
        ctx.stop();
    }

    @Test
    void recordsAtOrAboveTheLevelBecomeEvents() {
        Logger log = start("warn", Duration.ofSeconds(5), clock);
        log.info("too low");
        log.warn("w {}", 1);
        log.error("e");
        assertThat(events).hasSize(2);
        JsonNode data = data(events.get(0));
        assertThat(data.path("level").asText()).isEqualTo("WARN");
        assertThat(data.path("logger").asText()).isEqualTo("io.fluxgate.test.Unit");
        assertThat(data.path("message").asText()).isEqualTo("w 1");
        assertThat(data.path("count").asLong()).isEqualTo(1);
        assertThat(data.path("ts").asLong()).isPositive();
        assertThat(data(events.get(1)).path("level").asText()).isEqualTo("ERROR");
    }

    @Test
    void whatIsLoggedWhileDeliveringNeverFeedsBackIntoTheChannel() {
        Logger log = start("info", Duration.ZERO, clock);
        Logger delivery = ctx.getLogger("io.fluxgate.session.Somewhere");
        // A subscriber whose delivery path logs (as a slow-consumer close might): without the guard this recurses.
        broker.subscribe(LogsChannelAppender.CHANNEL, null, e -> delivery.warn("delivered {}", e.seq()))
                .block(Duration.ofSeconds(5));
        log.warn("original");
        assertThat(events).hasSize(1);
        assertThat(data(events.get(0)).path("message").asText()).isEqualTo("original");
        // The feed's own package is never taken either, whatever thread logs it.
        ctx.getLogger(LogsChannelAppender.class).error("about the feed itself");
        assertThat(events).hasSize(1);
    }

    @Test
    void theQueueIsBoundedAndWhatDoesNotFitIsCounted() {
        List<Runnable> tasks = new ArrayList<>();
        Logger log = start("info", Duration.ZERO, Schedulers.fromExecutor(tasks::add));
        int n = LogsChannelAppender.MAX_QUEUED + 100;
        for (int i = 0; i < n; i++) {
            log.warn("record {}", i);
        }
        assertThat(events).isEmpty();              // nothing published on the logging thread
        assertThat(appender.dropped()).isEqualTo(100);
        tasks.forEach(Runnable::run);
        assertThat(events).hasSize(LogsChannelAppender.MAX_QUEUED);
    }

    @Test
    void longMessagesAreCut() {
        Logger log = start("info", Duration.ZERO, clock);
        log.warn("x".repeat(LogsChannelAppender.MAX_MESSAGE_CHARS * 2));
        assertThat(data(events.get(0)).path("message").asText()).hasSize(LogsChannelAppender.MAX_MESSAGE_CHARS + 3);
    }

    @Test
    void afterDetachNothingIsPublished() {
        Logger log = start("info", Duration.ZERO, clock);
        appender.detach();
        log.warn("late");
        assertThat(events).isEmpty();
    }

    private static JsonNode data(ChannelEvent e) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.wire()).path("data");
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static ChannelsConfig defaultChannels() {
        return io.fluxgate.config.ConfigLoader.fromYaml("", java.util.Map.of()).channels();
    }
}
