package io.fluxgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.bench.report.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareCommandTest {

    @Test
    void mediansPerFigure() {
        assertThat(CompareCommand.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(CompareCommand.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        Report a = new Report("echo", "x").seconds(1).primary("messages").count("messages", 100);
        Report b = new Report("echo", "x").seconds(1).primary("messages").count("messages", 300);
        Report c = new Report("echo", "x").seconds(1).primary("messages").count("messages", 200).count("only here", 1);
        var m = CompareCommand.medians(List.of(a, b, c));
        assertThat(m.get("messages/s")).isEqualTo(200.0);
        assertThat(m).doesNotContainKey("only here");
    }
}
