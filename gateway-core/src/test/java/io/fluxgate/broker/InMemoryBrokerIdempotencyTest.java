package io.fluxgate.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Idempotency keys: the dedup window on virtual time and the per-channel key cap. */
class InMemoryBrokerIdempotencyTest extends BrokerTestBase {
    // --- idempotency -----------------------------------------------------------------------------------------

    @Test
    void repeatedKeyWithinTheWindowReturnsTheOriginalSeqAndIsNotDelivered() {
        Recorder r = new Recorder();
        subscribe("chat:d", null, r);
        PublishResult first = publish("chat:d", "{\"pct\":60}", "job-1");
        publish("chat:d", "2");
        clock.advanceTimeBy(Duration.ofMinutes(2).minusMillis(1));
        PublishResult again = publish("chat:d", "{\"pct\":99}", "job-1");
        assertThat(again).isEqualTo(new PublishResult("chat:d", first.seq(), first.epoch(), true));
        assertThat(r.seqs()).containsExactly(1L, 2L);
        assertThat(position("chat:d").seq()).isEqualTo(2);
        assertThat(broker.history("chat:d", 0, 10).block(T).events()).hasSize(2);
    }

    @Test
    void keyAfterTheWindowIsANewEvent() {
        Recorder r = new Recorder();
        subscribe("chat:d", null, r);
        publish("chat:d", "1", "job-1");
        clock.advanceTimeBy(Duration.ofMinutes(2));
        PublishResult later = publish("chat:d", "1", "job-1");
        assertThat(later.seq()).isEqualTo(2);
        assertThat(later.duplicate()).isFalse();
        assertThat(r.seqs()).containsExactly(1L, 2L);
        // ... and that new event starts a new window.
        clock.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(publish("chat:d", "1", "job-1")).isEqualTo(new PublishResult("chat:d", 2, later.epoch(), true));
    }

    @Test
    void keysArePerChannelAndDistinctKeysAreDistinctEvents() {
        assertThat(publish("chat:d", "1", "k").seq()).isEqualTo(1);
        assertThat(publish("chat:e", "1", "k").duplicate()).isFalse();
        assertThat(publish("chat:d", "1", "k2").seq()).isEqualTo(2);
        assertThat(publish("chat:d", "1", null).seq()).isEqualTo(3);
        assertThat(publish("chat:d", "1", null).seq()).isEqualTo(4);
    }

    @Test
    void zeroDedupWindowRemembersNoKeys() {
        assertThat(publish("nodedup:d", "1", "k").seq()).isEqualTo(1);
        assertThat(publish("nodedup:d", "1", "k").seq()).isEqualTo(2);
    }

    @Test
    void keyMemoryIsCappedAtTenThousandOldestFirst() {
        for (int i = 0; i <= ChannelState.MAX_DEDUP_KEYS; i++) {
            publish("none:cap", "1", "k" + i);
        }
        long seq = position("none:cap").seq();
        assertThat(seq).isEqualTo(ChannelState.MAX_DEDUP_KEYS + 1);
        // k0 was the oldest of 10,001 keys: forgotten. k1 and the newest are still remembered.
        assertThat(publish("none:cap", "1", "k1")).extracting(PublishResult::seq, PublishResult::duplicate)
                .containsExactly(2L, true);
        assertThat(publish("none:cap", "1", "k" + ChannelState.MAX_DEDUP_KEYS).duplicate()).isTrue();
        PublishResult k0 = publish("none:cap", "1", "k0");
        assertThat(k0.duplicate()).isFalse();
        assertThat(k0.seq()).isEqualTo(seq + 1);
    }
}
