package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Frames carry the earliest broker timestamp of the live events in them, for the delivery-latency metric. */
class OutboxEventTimestampTest {
    private final VirtualTimeScheduler timer = VirtualTimeScheduler.create();
    private final List<OutboundFrame> frames = new CopyOnWriteArrayList<>();
    private Subscription subscription;

    private Outbox outbox(boolean arrays) {
        Outbox o = new Outbox(100, 1 << 20, arrays, Runnable::run, timer);
        o.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
            }

            @Override
            public void onNext(OutboundFrame f) {
                frames.add(f);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        return o;
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBatchFrameReportsItsEarliestEvent() {
        Outbox o = outbox(true);
        o.offer(json("{\"type\":\"ack\"}"), 64, 0);
        o.offer(json("{\"e\":1}"), 64, 0, 200);
        o.offer(json("{\"e\":2}"), 64, 0, 100);
        subscription.request(10);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).envelopes()).isEqualTo(3);
        assertThat(frames.get(0).hasEvent()).isTrue();
        assertThat(frames.get(0).eventTs()).isEqualTo(100);
    }

    @Test
    void singleFramesReportTheirOwnEventOrNone() {
        Outbox o = outbox(false);
        o.offer(json("{\"type\":\"ack\"}"), 64, 0);
        o.offer(json("{\"e\":1}"), 64, 0, 200);
        o.offerPing();
        subscription.request(10);
        assertThat(frames).extracting(OutboundFrame::eventTs)
                .containsExactly(OutboundFrame.NO_EVENT, 200L, OutboundFrame.NO_EVENT);
        assertThat(frames.get(2).ping()).isTrue();
    }

    @Test
    void aBatchOfRepliesOnlyHasNoEvent() {
        Outbox o = outbox(true);
        o.offer(json("{\"a\":1}"), 64, 0);
        o.offer(json("{\"a\":2}"), 64, 0);
        subscription.request(10);
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.envelopes()).isEqualTo(2);
            assertThat(f.hasEvent()).isFalse();
        });
    }

    @Test
    void theThreeArgumentFrameHasNoEvent() {
        OutboundFrame f = new OutboundFrame(false, json("{}"), 1);
        assertThat(f.hasEvent()).isFalse();
        assertThat(f.eventTs()).isEqualTo(OutboundFrame.NO_EVENT);
    }
}
