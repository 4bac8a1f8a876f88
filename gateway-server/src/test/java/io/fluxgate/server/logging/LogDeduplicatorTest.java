package io.fluxgate.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Collapsing identical records within the window, on virtual time. */
class LogDeduplicatorTest {
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final List<LogEntry> out = new CopyOnWriteArrayList<>();

    @Test
    void theFirstGoesOutAtOnceAndRepeatsAsOneEntryWhenTheWindowEnds() {
        LogDeduplicator d = new LogDeduplicator(clock, Duration.ofSeconds(5), 100, out::add);
        d.record("WARN", "a", "m", 1);
        assertThat(out).containsExactly(new LogEntry("WARN", "a", "m", 1, 1));
        for (int i = 2; i <= 10; i++) {
            d.record("WARN", "a", "m", i);
        }
        clock.advanceTimeBy(Duration.ofMillis(4999));
        assertThat(out).hasSize(1);
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThat(out).containsExactly(new LogEntry("WARN", "a", "m", 1, 1), new LogEntry("WARN", "a", "m", 10, 9));
    }

    @Test
    void aRecordRepeatedWithoutPauseYieldsOneEntryPerWindowAndTheCountsAddUp() {
        LogDeduplicator d = new LogDeduplicator(clock, Duration.ofSeconds(1), 100, out::add);
        int seen = 0;
        for (int ms = 0; ms < 10_000; ms += 100) {
            d.record("ERROR", "a", "again", ms);
            seen++;
            clock.advanceTimeBy(Duration.ofMillis(100));
        }
        clock.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(out).hasSizeBetween(10, 11);
        assertThat(out.stream().mapToLong(LogEntry::count).sum()).isEqualTo(seen);
        assertThat(d.trackedKeys()).isZero();
    }

    @Test
    void levelLoggerAndMessageTogetherMakeTheKey() {
        LogDeduplicator d = new LogDeduplicator(clock, Duration.ofSeconds(5), 100, out::add);
        d.record("WARN", "a", "m", 1);
        d.record("ERROR", "a", "m", 2);
        d.record("WARN", "b", "m", 3);
        d.record("WARN", "a", "n", 4);
        d.record("WARN", "a", "m", 5);
        assertThat(out).extracting(LogEntry::count).containsExactly(1L, 1L, 1L, 1L);
        clock.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(out).hasSize(5);
        assertThat(out.get(4)).isEqualTo(new LogEntry("WARN", "a", "m", 5, 1));
    }

    @Test
    void pastTheKeyCapRecordsGoOutUncollapsedAndMemoryStaysBounded() {
        LogDeduplicator d = new LogDeduplicator(clock, Duration.ofSeconds(5), 3, out::add);
        for (int i = 0; i < 1000; i++) {
            d.record("WARN", "a", "distinct " + i, i);
        }
        assertThat(d.trackedKeys()).isEqualTo(3);
        assertThat(out).hasSize(1000);
        d.record("WARN", "a", "distinct 0", 1000);   // tracked: collapsed
        d.record("WARN", "a", "distinct 999", 1001); // not tracked: out at once
        assertThat(out).hasSize(1001);
        clock.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(out).hasSize(1002);
        assertThat(d.trackedKeys()).isZero();
    }

    @Test
    void aZeroWindowCollapsesNothing() {
        LogDeduplicator d = new LogDeduplicator(clock, Duration.ZERO, 100, out::add);
        d.record("WARN", "a", "m", 1);
        d.record("WARN", "a", "m", 2);
        assertThat(out).extracting(LogEntry::count).containsExactly(1L, 1L);
        assertThat(d.trackedKeys()).isZero();
    }

    @Test
    void afterCloseNothingGoesOut() {
        LogDeduplicator d = new LogDeduplicator(clock, Duration.ofSeconds(5), 100, out::add);
        d.record("WARN", "a", "m", 1);
        d.record("WARN", "a", "m", 2);
        d.close();
        clock.advanceTimeBy(Duration.ofSeconds(10));
        d.record("WARN", "a", "m", 3);
        assertThat(out).hasSize(1);
    }

    @Test
    void concurrentRepeatsAreAllCounted() throws Exception {
        LogDeduplicator d = new LogDeduplicator(clock, Duration.ofSeconds(5), 100, out::add);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    d.record("WARN", "a", "m", i);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        clock.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(out.stream().mapToLong(LogEntry::count).sum()).isEqualTo(40_000);
        assertThat(out).hasSize(2);
    }
}
