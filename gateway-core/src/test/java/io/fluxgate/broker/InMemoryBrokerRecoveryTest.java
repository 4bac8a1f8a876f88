package io.fluxgate.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.protocol.StreamPosition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Recovery by {@code since} in every case, and the epoch change when an idle channel is reclaimed. */
class InMemoryBrokerRecoveryTest extends BrokerTestBase {
    // --- recovery ----------------------------------------------------------------------------------------

    @Test
    void recoveryWithoutSinceReplaysNothing() {
        String epoch = fill("chat:r", 5);
        SubscribeResult r = subscribe("chat:r", null, new Recorder());
        assertThat(r).isEqualTo(new SubscribeResult(5, epoch, null, List.of()));
    }

    @Test
    void recoveryFromAPositionInHistoryReplaysExactlyTheGapThenLiveEvents() {
        String epoch = fill("chat:r", 5);
        Recorder live = new Recorder();
        SubscribeResult r = subscribe("chat:r", new StreamPosition(2, epoch), live);
        assertThat(r.recovered()).isTrue();
        assertThat(r.seq()).isEqualTo(5);
        assertThat(r.epoch()).isEqualTo(epoch);
        assertThat(seqs(r.replay())).containsExactly(3L, 4L, 5L);
        assertThat(json(new String(r.replay().get(0).wire(), StandardCharsets.UTF_8)).get("data").intValue()).isEqualTo(3);
        publish("chat:r", "6");
        assertThat(live.seqs()).containsExactly(6L);
    }

    @Test
    void recoveryFromZeroReplaysEverythingWhileHistoryStartsAtOne() {
        String epoch = fill("chat:r", 4);
        SubscribeResult r = subscribe("chat:r", new StreamPosition(0, epoch), new Recorder());
        assertThat(r.recovered()).isTrue();
        assertThat(seqs(r.replay())).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void recoveryAtTheCurrentSeqIsRecoveredWithNothingToReplay() {
        String epoch = fill("chat:r", 5);
        SubscribeResult r = subscribe("chat:r", new StreamPosition(5, epoch), new Recorder());
        assertThat(r).isEqualTo(new SubscribeResult(5, epoch, true, List.of()));
    }

    @Test
    void recoveryOnAFreshChannelAtSeqZeroIsRecovered() {
        String epoch = position("chat:fresh").epoch();
        assertThat(subscribe("chat:fresh", new StreamPosition(0, epoch), new Recorder()).recovered()).isTrue();
    }

    @Test
    void recoveryBeyondTheCurrentSeqIsNotRecovered() {
        String epoch = fill("chat:r", 5);
        SubscribeResult r = subscribe("chat:r", new StreamPosition(6, epoch), new Recorder());
        assertThat(r).isEqualTo(new SubscribeResult(5, epoch, false, List.of()));
    }

    @Test
    void recoveryOlderThanHistoryIsNotRecovered() {
        String epoch = fill("short:r", 6); // history holds 4, 5, 6
        assertThat(subscribe("short:r", new StreamPosition(2, epoch), new Recorder()))
                .isEqualTo(new SubscribeResult(6, epoch, false, List.of()));
        SubscribeResult edge = subscribe("short:r", new StreamPosition(3, epoch), new Recorder());
        assertThat(edge.recovered()).isTrue();
        assertThat(seqs(edge.replay())).containsExactly(4L, 5L, 6L);
    }

    @Test
    void recoveryWithAnotherEpochIsNotRecovered() {
        String epoch = fill("chat:r", 5);
        SubscribeResult r = subscribe("chat:r", new StreamPosition(2, epoch + "x"), new Recorder());
        assertThat(r).isEqualTo(new SubscribeResult(5, epoch, false, List.of()));
        assertThat(subscribe("chat:r", new StreamPosition(5, "other"), new Recorder()).recovered()).isFalse();
    }

    @Test
    void recoveryWithoutHistoryOnlySucceedsWhenNothingWasMissed() {
        String epoch = fill("none:r", 3);
        assertThat(broker.historyEvents()).isZero();
        assertThat(subscribe("none:r", new StreamPosition(2, epoch), new Recorder()).recovered()).isFalse();
        assertThat(subscribe("none:r", new StreamPosition(3, epoch), new Recorder()))
                .isEqualTo(new SubscribeResult(3, epoch, true, List.of()));
    }

    // --- epoch and idle reclamation ------------------------------------------------------------------------

    @Test
    void idleChannelReclaimedByTheSweepStartsANewEpoch() {
        String epoch = fill("ttl:idle", 3);
        clock.advanceTimeBy(Duration.ofSeconds(10)); // history expired, no subscribers
        broker.sweep();
        assertThat(broker.channelCount()).isZero();
        assertThat(broker.historyEvents()).isZero();
        StreamPosition now = position("ttl:idle");
        assertThat(now.seq()).isZero();
        assertThat(now.epoch()).isNotEqualTo(epoch);
        SubscribeResult r = subscribe("ttl:idle", new StreamPosition(3, epoch), new Recorder());
        assertThat(r.recovered()).isFalse();
        assertThat(r.seq()).isZero();
        assertThat(publish("ttl:idle", "1").seq()).isEqualTo(1);
    }

    @Test
    void theTimerSweepsOnVirtualTime() {
        fill("ttl:idle", 1);
        clock.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(broker.channelCount()).isEqualTo(1);
        clock.advanceTimeBy(SWEEP.minusSeconds(10));
        assertThat(broker.channelCount()).isZero();
    }

    @Test
    void closedBrokerStopsSweeping() {
        fill("ttl:idle", 1);
        broker.close();
        clock.advanceTimeBy(SWEEP.multipliedBy(3));
        assertThat(broker.channelCount()).isEqualTo(1);
    }

    @Test
    void sweepKeepsChannelsWithSubscribers() {
        Recorder r = new Recorder();
        subscribe("none:sub", null, r);
        publish("none:sub", "1");
        String epoch = position("none:sub").epoch();
        clock.advanceTimeBy(SWEEP.multipliedBy(2));
        broker.sweep();
        assertThat(position("none:sub")).isEqualTo(new StreamPosition(1, epoch));
        StepVerifier.create(broker.unsubscribe("none:sub", r)).expectComplete().verify(T);
        broker.sweep();
        assertThat(position("none:sub").epoch()).isNotEqualTo(epoch);
    }

    @Test
    void sweepKeepsChannelsWithLiveHistory() {
        String epoch = fill("chat:kept", 2);
        clock.advanceTimeBy(Duration.ofMinutes(9));
        broker.sweep();
        assertThat(position("chat:kept")).isEqualTo(new StreamPosition(2, epoch));
        assertThat(broker.historyEvents()).isEqualTo(2);
    }

    @Test
    void sweepKeepsChannelsWithRememberedKeys() {
        publish("quick:k", "1", "key-1");
        String epoch = position("quick:k").epoch();
        clock.advanceTimeBy(Duration.ofSeconds(59));
        broker.sweep();
        assertThat(position("quick:k").epoch()).isEqualTo(epoch);
        assertThat(publish("quick:k", "1", "key-1")).isEqualTo(new PublishResult("quick:k", 1, epoch, true));
        clock.advanceTimeBy(Duration.ofSeconds(1));
        broker.sweep();
        assertThat(broker.channelCount()).isZero();
        assertThat(position("quick:k").epoch()).isNotEqualTo(epoch);
    }

    @Test
    void sweepReclaimsOneOffChannels() {
        for (int i = 0; i < 500; i++) {
            publish("none:one-off-" + i, "1");
        }
        assertThat(broker.channelCount()).isEqualTo(500);
        broker.sweep();
        assertThat(broker.channelCount()).isZero();
    }
}
