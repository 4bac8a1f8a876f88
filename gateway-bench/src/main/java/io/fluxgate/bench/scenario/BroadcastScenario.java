package io.fluxgate.bench.scenario;

import io.fluxgate.bench.Run;
import io.fluxgate.bench.client.WsClient;
import io.fluxgate.bench.report.Report;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** N subscribers on one channel, one publisher at a fixed rate: fan-out throughput, latency and per-seq checks. */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
        description = "N subscribers (--connections) on one channel, a publisher at --rate R/s over WebSocket or the "
                + "HTTP API (--via api); deliveries/s, publish-to-receive latency (from the intended send time), and "
                + "per-subscriber checks that every seq arrived once and in order (lost, duplicates, reorders).")
public final class BroadcastScenario extends ChannelScenario {
    @Option(names = {"-r", "--rate"}, defaultValue = "100",
            description = "Publishes per second. Default: ${DEFAULT-VALUE}, max 100000.")
    double rate;

    @Override
    public String name() {
        return "broadcast";
    }

    @Override
    protected void validateOwn() {
        super.validateOwn();
        if (!(rate > 0 && rate <= 100_000)) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: > 0 and <= 100000 publishes/s)");
        }
    }

    @Override
    protected Report execute(Run run) throws Exception {
        Connector connector = new Connector(run);
        List<Subscriber> subs = subscribers(run, connector, false);
        try (Publisher pub = publisher(run, connector)) {
            run.timeline().track("deliveries", stats.deliveries);
            pub.startRate(rate);
            run.warmup(() -> "deliveries " + stats.deliveries.sum());
            run.beginMeasure();
            stats.delivery.reset();
            pub.resetLatency();
            run.holdMeasure(() -> "published " + pub.acked() + ", deliveries " + stats.deliveries.sum());
            var latency = stats.delivery.take();
            run.endMeasure();
            pub.stop(Duration.ofSeconds(10));
            drain(run, subs, pub.lastSeq());
            Report r = new Report(name(), run.target().toString());
            r.histogram("publish->receive", latency);
            r.count("deliveries", latency.getTotalCount());
            r.primary("deliveries");
            report(r, subs, pub, connector);
            r.param("rate", rate);
            WsClient.closeAll(subs.stream().map(Subscriber::connection).filter(c -> c != null).toList());
            return r;
        }
    }
}
