package io.fluxgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.bench.report.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Open loop measures from the intended send time, so a server stall shows up in every message that should have
 * been sent during it (not only in the few that were outstanding, as a closed loop would report).
 */
class CoordinatedOmissionTest {

    @Test
    void aOneSecondStallShowsInTheOpenLoopPercentiles() throws Exception {
        // Stall from 2.5 s after start for 1 s: inside the measurement (0.5 s warm-up after the connect, then 4 s).
        try (StallingEchoServer server = new StallingEchoServer(2500, 1000)) {
            Report r = BenchMain.produce(List.of("raw-echo", "--url", "ws://127.0.0.1:" + server.port() + "/ws",
                    "-c", "1", "-r", "200", "-d", "4s", "--warmup", "500ms", "--quiet"));
            var h = r.histograms().get("round trip");
            // ~200 messages were due during the stall; their latency runs from 0 to 1000 ms, ~140 of them >= 300 ms.
            long slow = h.getTotalCount() - h.getCountBetweenValues(0, 300_000_000L);
            assertThat(slow).as("round trips >= 300 ms").isGreaterThanOrEqualTo(50);
            assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(800_000_000L);
            assertThat(r.counter("mismatches")).isZero();
        }
    }
}
