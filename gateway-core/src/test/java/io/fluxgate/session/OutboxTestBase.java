package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.protocol.EnvelopeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;

/** Outbox tests: a virtual clock for delays, frame decoding for assertions, a hand-driven executor. */
abstract class OutboxTestBase {
    final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    @AfterEach
    void stopClock() {
        clock.dispose();
    }

    static byte[] env(String name) {
        return ("{\"n\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** What a frame carries: "a" for one envelope, "[a,b]" for an array, "PING" for a ping. */
    static String show(OutboundFrame f) {
        if (f.ping()) {
            assertThat(f.envelopes()).isZero();
            assertThat(f.payload()).isEmpty();
            return "PING";
        }
        try {
            JsonNode n = EnvelopeCodec.get().readTree(f.payload());
            if (n.isArray()) {
                assertThat(n.size()).isEqualTo(f.envelopes()).isGreaterThanOrEqualTo(2);
                List<String> names = new ArrayList<>();
                n.forEach(e -> names.add(e.get("n").textValue()));
                return "[" + String.join(",", names) + "]";
            }
            assertThat(f.envelopes()).isEqualTo(1);
            return n.get("n").textValue();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(f.payload(), StandardCharsets.UTF_8), e);
        }
    }

    static List<String> shown(TestSubscriber<OutboundFrame> s) {
        return s.getReceivedOnNext().stream().map(OutboxTestBase::show).toList();
    }

    Outbox direct(int maxMessages, long maxBytes, boolean arrays) {
        return new Outbox(maxMessages, maxBytes, arrays, Runnable::run, clock);
    }

    /** An executor that runs nothing until told to: what the event loop has not got to yet. */
    static final class ManualExecutor implements java.util.concurrent.Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        int executed;

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                executed++;
                r.run();
            }
        }
    }
}
