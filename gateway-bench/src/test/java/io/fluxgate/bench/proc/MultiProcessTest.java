package io.fluxgate.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiProcessTest {

    @Test
    void childrenGetTheScenarioArgsWithoutTheParentsOwn() {
        List<String> args = List.of("-c", "20000", "--procs", "2", "--json", "out.json", "--server-pid=7", "--server-gc", "-q",
                "-d", "10s", "--html", "r.html", "--cpu", "1");
        assertThat(MultiProcess.withoutParentOptions(args)).containsExactly("-c", "20000", "-d", "10s");
        List<String> cmd = MultiProcess.childCommand("connect", args, 1, 2, "run1");
        assertThat(cmd).contains("io.fluxgate.bench.BenchMain", "connect", "--child", "--run-id", "run1", "--quiet");
        assertThat(cmd.subList(cmd.indexOf("connect"), cmd.size()))
                .containsExactly("connect", "-c", "20000", "-d", "10s", "--procs", "2", "--child", "1", "--run-id",
                        "run1", "--quiet");
    }
}
