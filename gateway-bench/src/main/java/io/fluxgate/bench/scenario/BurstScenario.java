package io.fluxgate.bench.scenario;

import io.fluxgate.bench.BenchOptions;
import io.fluxgate.bench.Run;
import io.fluxgate.bench.client.WsClient;
import io.fluxgate.bench.report.Report;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Bursts of K publishes; subscribers connect with batch=true and count the envelopes per frame. */
@Command(name = "burst", mixinStandardHelpOptions = true,
        description = "Bursts of --burst-size K publishes every --interval to N subscribers connected with "
                + "batch=true; envelopes per frame (batch sizes), latency of the first and of the last message of "
                + "each burst, and the same per-seq checks as broadcast.")
public final class BurstScenario extends ChannelScenario {
    @Option(names = {"-k", "--burst-size"}, defaultValue = "100",
            description = "Publishes per burst. Default: ${DEFAULT-VALUE}, max 10000.")
    int burstSize;

    @Option(names = "--interval", defaultValue = "500ms", converter = BenchOptions.DurationConverter.class,
            description = "Time between bursts. Default: ${DEFAULT-VALUE}, at least 10ms.")
    Duration interval;

    @Override
    public String name() {
        return "burst";
    }

    @Override
    protected void validateOwn() {
        super.validateOwn();
        if (burstSize < 1 || burstSize > 10_000) {
            throw new IllegalArgumentException("burst-size: " + burstSize + " (expected: 1..10000)");
        }
        if (interval.toMillis() < 10 || interval.toMinutes() > 1) {
            throw new IllegalArgumentException("interval: " + interval.toMillis() + "ms (expected: 10ms..1m)");
        }
    }

    @Override
    protected Report execute(Run run) throws Exception {
        Connector connector = new Connector(run);
        stats.burstSize = burstSize;
        List<Subscriber> subs = subscribers(run, connector, true);
        try (Publisher pub = publisher(run, connector)) {
            run.timeline().track("deliveries", stats.deliveries);
            run.timeline().track("frames", stats.frames);
            pub.startBursts(burstSize, interval);
            run.warmup(() -> "deliveries " + stats.deliveries.sum());
            run.beginMeasure();
            stats.delivery.reset();
            stats.burstFirst.reset();
            stats.burstLast.reset();
            stats.batchSizes.reset();
            pub.resetLatency();
            long frames0 = stats.frames.sum();
            run.holdMeasure(() -> "published " + pub.acked() + ", frames " + stats.frames.sum());
            var first = stats.burstFirst.take();
            var last = stats.burstLast.take();
            var all = stats.delivery.take();
            var batches = stats.batchSizes.take();
            long frames = stats.frames.sum() - frames0;
            run.endMeasure();
            pub.stop(Duration.ofSeconds(10));
            drain(run, subs, pub.lastSeq());
            Report r = new Report(name(), run.target().toString());
            r.histogram("first of burst", first);
            r.histogram("last of burst", last);
            r.countHistogram("envelopes per frame", batches);
            r.count("deliveries", all.getTotalCount());
            r.count("frames", frames);
            r.primary("deliveries");
            report(r, subs, pub, connector);
            r.param("burst-size", burstSize).param("interval", interval.toMillis() + "ms");
            WsClient.closeAll(subs.stream().map(Subscriber::connection).filter(c -> c != null).toList());
            return r;
        }
    }
}
