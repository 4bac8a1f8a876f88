package io.fluxgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProbeTest {

    @Test
    void parsesUtimePlusStimeEvenWithSpacesAndParensInTheName() {
        String stat = "1234 (java (x) y) S 1 1234 1234 0 -1 4194560 9000 0 3 0 250 75 0 0 20 0 40 0 100 0";
        assertThat(ServerProbe.parseCpuTicks(stat)).isEqualTo(325);
    }

    @Test
    void parsesStatusAndPrometheusHeapAndJcmdHeapInfo() {
        assertThat(ServerProbe.parseStatus(List.of("Name: java", "VmRSS:\t  204800 kB", "Threads: 31"), "VmRSS:"))
                .isEqualTo(204800);
        String prom = "# HELP jvm_memory_used_bytes x\n"
                + "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} 1.0E7\n"
                + "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"} 5000000.0\n"
                + "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 9.0E7\n";
        assertThat(ServerProbe.parseHeap(prom)).isEqualTo(15_000_000);
        assertThat(ServerProbe.parseHeap("up 1\n")).isEqualTo(-1);
        assertThat(ServerProbe.parseHeapInfo("123:\n garbage-first heap   total 262144K, used 21504K [0x...]\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n"
                + " Metaspace       used 6474K, committed 6656K, reserved 1056768K\n")).isEqualTo(21504L * 1024);
        // SerialGC (what a JVM on one CPU picks): young + tenured, not the eden/from/to percentages.
        assertThat(ServerProbe.parseHeapInfo("123:\n def new generation   total 116224K, used 51906K [0x0, 0x1, 0x2)\n"
                + "  eden space 103360K,  50% used [0x0, 0x1, 0x2)\n"
                + " tenured generation   total 258048K, used 1000K [0x0, 0x1, 0x2)\n"
                + " Metaspace       used 6474K, committed 6656K, reserved 1056768K\n"
                + "  class space    used 566K, committed 640K, reserved 1048576K\n")).isEqualTo(52906L * 1024);
        assertThat(ServerProbe.parseHeapInfo("nothing")).isEqualTo(-1);
    }

    @Test
    void readsALiveProcess() {
        var s = new ServerProbe(ProcessHandle.current().pid(), null).snapshot();
        assertThat(s.cpuTicks()).isGreaterThan(0);
        assertThat(s.rssKb()).isGreaterThan(1000);
        assertThat(s.threads()).isGreaterThan(1);
        assertThat(s.heapBytes()).isEqualTo(-1);
    }

    @Test
    void refusesAMissingProcess() {
        assertThatThrownBy(() -> new ServerProbe(0, null)).hasMessageContaining("server-pid: 0");
        assertThatThrownBy(() -> new ServerProbe(Integer.MAX_VALUE, null)).hasMessageContaining("running process");
    }
}
