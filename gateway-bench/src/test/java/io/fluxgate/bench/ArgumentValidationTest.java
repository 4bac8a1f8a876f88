package io.fluxgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad command lines exit 2 with one clear line, before any socket is opened (nothing listens on port 1). */
class ArgumentValidationTest {

    static Result run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = BenchMain.execute(args);
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    record Result(int code, String err) {
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "echo --url ws://10.1.2.3:8080/ws|url: ws://10.1.2.3:8080/ws",
            "echo --url ws://example.com/ws|loopback",
            "connect -c 0 --url ws://127.0.0.1:1/ws|connections: 0 (expected: 1..200000)",
            "connect -c 300000 --url ws://127.0.0.1:1/ws|connections: 300000",
            "connect -d 0s --url ws://127.0.0.1:1/ws|duration: 0s",
            "connect -d 11m --url ws://127.0.0.1:1/ws|duration: 11m (expected: > 0 and <= 10m)",
            "connect -d 5x --url ws://127.0.0.1:1/ws|duration: 5x",
            "echo -w 0 --url ws://127.0.0.1:1/ws|window: 0",
            "echo -r -5 --url ws://127.0.0.1:1/ws|rate: -5.0",
            "connect --procs 40 -c 100 --url ws://127.0.0.1:1/ws|procs: 40 (expected: 1..32)",
            "connect -c 30000 --url ws://127.0.0.1:1/ws|expected: --procs",
            "broadcast --procs 2 -c 100 --url ws://127.0.0.1:1/ws|procs: 2 (expected: 1 for broadcast",
            "broadcast --channel bad/name --url ws://127.0.0.1:1/ws|channel: bad/name",
            "broadcast --via carrier-pigeon --url ws://127.0.0.1:1/ws|via: carrier-pigeon",
            "broadcast --via api --api-url http://10.0.0.1/api/publish --url ws://127.0.0.1:1/ws|api-url: 10.0.0.1",
            "resume --drop-fraction 0 --url ws://127.0.0.1:1/ws|drop-fraction: 0.0",
            "burst -k 0 --url ws://127.0.0.1:1/ws|burst-size: 0",
            "connect --cpu abc --url ws://127.0.0.1:1/ws|cpu: abc",
            "connect --server-gc --url ws://127.0.0.1:1/ws|server-gc",
            "connect --metrics-url http://10.0.0.1/metrics --url ws://127.0.0.1:1/ws|metrics-url: 10.0.0.1",
            "echo --no-such-option|no-such-option",
            "compare --a ws://127.0.0.1:1/ws --b ws://10.0.0.2/ws -- echo|url: ws://10.0.0.2/ws",
            "compare --a ws://127.0.0.1:1/ws --b ws://127.0.0.1:2/ws -- echo --url ws://127.0.0.1:3/ws|compare: --url",
    })
    void refused(String line, String message) {
        Result r = run(line.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(BenchMain.USAGE);
        assertThat(r.err()).contains(message);
    }

    @Test
    void helpListsEveryScenario() {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(BenchMain.execute("--help")).isZero();
        } finally {
            System.setOut(out);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("connect", "echo", "broadcast", "burst", "resume",
                "raw-echo", "compare", "baseline-server");
    }

    @Test
    void optionSharesSplitExactly() {
        BenchOptions o = new BenchOptions();
        o.procs = 3;
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            o.child = i;
            sum += o.share(10_001);
        }
        assertThat(sum).isEqualTo(10_001);
        o.child = 2;
        o.sourceAddresses = 0;
        assertThat(o.sourceCount(30_000)).isEqualTo(2);
        assertThat(o.sourceBase(30_000)).isEqualTo(6);
    }
}
