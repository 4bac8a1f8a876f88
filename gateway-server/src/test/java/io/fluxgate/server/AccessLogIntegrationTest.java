package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.fluxgate.server.logging.AccessLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One access-log line per finished connection, with the final counts, and never the request's token. */
class AccessLogIntegrationTest extends GatewayTestBase {
    private final Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    private final Capture capture = new Capture();
    private Level previous;

    /** Collects the access logger's records. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            events.add(e);
        }
    }

    @BeforeEach
    void attach() {
        previous = access.getLevel();
        access.setLevel(Level.INFO);
        capture.setContext(access.getLoggerContext());
        capture.start();
        access.addAppender(capture);
    }

    @AfterEach
    void detach() {
        access.detachAppender(capture);
        access.setLevel(previous);
    }

    @Test
    void aClientCloseLogsClientIpDurationCountsAndCode() {
        start("");
        try (TestClient c = connect("client=carol&token=s3cr3t-t0ken&batch=false")) {
            c.next("welcome");
            c.send("type", "subscribe", "channel", "news");
            c.next("subscribed");
            c.send("type", "publish", "channel", "news", "data", 1);
            c.send("type", "publish", "channel", "news", "data", 2);
            c.take("ack", 2);
            c.take("event", 2);
        }
        ILoggingEvent e = awaitLine("carol");
        Map<String, Object> kv = kv(e);
        assertThat(e.getLevel()).isEqualTo(Level.INFO);
        assertThat(kv).containsEntry("client", "carol").containsEntry("ip", "127.0.0.1")
                .containsEntry("messagesIn", 3L).containsEntry("messagesOut", 6L)
                .containsEntry("close", "client").containsEntry("reason", "closed by client")
                .containsKeys("session", "durationMs");
        assertThat((Long) kv.get("durationMs")).isNotNegative();
        assertThat(e.getFormattedMessage()).startsWith("connection closed client=carol ip=127.0.0.1 session=")
                .contains(" in=3 out=6 close=client reason=\"closed by client\"");
        assertThat(e.getFormattedMessage() + kv).doesNotContain("s3cr3t").doesNotContain("token");
    }

    @Test
    void aServerCloseLogsItsCodeAndReason() throws Exception {
        start("limits:\n  maxMessageBytes: 1024\n  maxFrameBytes: 2048\n");
        try (RawWsClient raw = new RawWsClient(port(), "client=dave")) {
            raw.sendFrame(RawWsClient.TEXT, "a".repeat(1500).getBytes(StandardCharsets.UTF_8), false);
            raw.sendFrame(0, "b".repeat(1500).getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readUntilClose()).isEqualTo(1009);
        }
        Map<String, Object> kv = kv(awaitLine("dave"));
        assertThat(kv).containsEntry("close", "1009").containsEntry("reason", "message too big")
                .containsEntry("messagesIn", 0L).containsEntry("messagesOut", 1L);
    }

    @Test
    void drainedSessionsCountWhatWasWrittenAfterTheCloseDecision() {
        start("limits:\n  ratePerSecond: 10000\n  burst: 10000\n");
        TestClient sub = connect("client=erin");
        sub.send("type", "subscribe", "channel", "d");
        sub.next("subscribed");
        sub.pause();
        try (TestClient pub = connect("client=frank")) {
            for (int i = 0; i < 200; i++) {
                pub.send("type", "publish", "channel", "d", "data", i);
            }
            pub.take("ack", 200);
        }
        Thread stopping = new Thread(() -> server.shutdown(Duration.ofSeconds(10)));
        stopping.start();
        sub.resume();
        sub.take("event", 200);
        assertThat(sub.awaitClose()).isEqualTo(1001);
        Map<String, Object> kv = kv(awaitLine("erin"));
        // welcome + subscribed + 200 events, all written after the drain began.
        assertThat(kv).containsEntry("close", "1001").containsEntry("messagesOut", 202L);
        try {
            stopping.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    private ILoggingEvent awaitLine(String client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (ILoggingEvent e : capture.events) {
                if (client.equals(kv(e).get("client"))) {
                    assertThat(capture.events.stream().filter(x -> client.equals(kv(x).get("client"))).count())
                            .as("one line per connection").isEqualTo(1);
                    return e;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no access-log line for " + client + " within 15 s: " + capture.events);
    }

    private static Map<String, Object> kv(ILoggingEvent e) {
        return e.getKeyValuePairs() == null ? Map.of()
                : e.getKeyValuePairs().stream().collect(Collectors.toMap(p -> p.key, p -> p.value));
    }
}
