package io.fluxgate.bench.scenario;

import io.fluxgate.bench.Run;
import io.fluxgate.bench.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ping} -> {@code pong} round trips over the Fluxgate protocol. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "ping -> pong round trips on N sockets: closed loop with --window W outstanding per socket, or "
                + "open loop at --rate R/s in total with latency from the intended send time (coordinated omission "
                + "corrected). Messages per server CPU-second with --server-pid.")
public class EchoScenario extends ScenarioCommand {
    @Option(names = {"-w", "--window"}, defaultValue = "1",
            description = "Closed loop: messages outstanding per socket. Default: ${DEFAULT-VALUE}, max 1000.")
    int window;

    @Option(names = {"-r", "--rate"}, defaultValue = "0",
            description = "Open loop: total messages per second over all sockets (0 = closed loop). Max 2000000.")
    double rate;

    @Override
    public String name() {
        return "echo";
    }

    @Override
    protected boolean splittable() {
        return true;
    }

    @Override
    protected void validateOwn() {
        if (window < 1 || window > EchoLoad.MAX_OUTSTANDING) {
            throw new IllegalArgumentException("window: " + window + " (expected: 1.." + EchoLoad.MAX_OUTSTANDING + ")");
        }
        if (rate < 0 || rate > 2_000_000 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: 0..2000000 messages/s)");
        }
    }

    int padding() {
        return 0;
    }

    @Override
    protected Report execute(Run run) throws Exception {
        return new EchoLoad(run, raw(), window, rate, padding()).execute(name());
    }

    boolean raw() {
        return false;
    }
}
