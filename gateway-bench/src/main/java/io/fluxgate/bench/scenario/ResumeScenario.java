package io.fluxgate.bench.scenario;

import io.fluxgate.bench.BenchOptions;
import io.fluxgate.bench.Run;
import io.fluxgate.bench.client.WsClient;
import io.fluxgate.bench.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Subscribers are cut (TCP reset) mid-stream and come back with subscribe + since; nothing may be lost. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "N subscribers and a publisher at --rate; every --drop-every a --drop-fraction of the "
                + "subscribers is cut abruptly (TCP reset, no close frame) and reconnects with subscribe + since "
                + "{seq, epoch}. Counts recovered/unrecovered resumes and loss (must be 0); recovery time.")
public final class ResumeScenario extends ChannelScenario {
    @Option(names = {"-r", "--rate"}, defaultValue = "200",
            description = "Publishes per second. Default: ${DEFAULT-VALUE}, max 100000.")
    double rate;

    @Option(names = "--drop-every", defaultValue = "1s", converter = BenchOptions.DurationConverter.class,
            description = "Time between drop rounds. Default: ${DEFAULT-VALUE}, at least 50ms.")
    Duration dropEvery;

    @Option(names = "--drop-fraction", defaultValue = "0.1",
            description = "Share of the subscribers cut per round. Default: ${DEFAULT-VALUE}.")
    double dropFraction;

    @Option(names = "--reconnect-delay", defaultValue = "0ms", converter = BenchOptions.DurationConverter.class,
            description = "Pause between the cut and the reconnect (events keep flowing meanwhile). Default: ${DEFAULT-VALUE}.")
    Duration reconnectDelay;

    /** Tries per resume before a subscriber counts as a reconnect failure. */
    static final int RESUME_ATTEMPTS = 3;
    /** How long one reconnect + resubscribe may take before it is abandoned and tried again. */
    static final Duration RESUME_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private final LongAdder drops = new LongAdder();
    private final LongAdder reconnectFailures = new LongAdder();

    @Override
    public String name() {
        return "resume";
    }

    @Override
    protected void validateOwn() {
        super.validateOwn();
        if (!(rate > 0 && rate <= 100_000)) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: > 0 and <= 100000 publishes/s)");
        }
        if (!(dropFraction > 0 && dropFraction <= 1)) {
            throw new IllegalArgumentException("drop-fraction: " + dropFraction + " (expected: > 0 and <= 1)");
        }
        if (dropEvery.toMillis() < 50 || dropEvery.toMinutes() > 1) {
            throw new IllegalArgumentException("drop-every: " + dropEvery.toMillis() + "ms (expected: 50ms..1m)");
        }
        if (reconnectDelay.isNegative() || reconnectDelay.toSeconds() > 30) {
            throw new IllegalArgumentException("reconnect-delay: " + reconnectDelay.toMillis() + "ms (expected: 0..30s)");
        }
    }

    @Override
    protected Report execute(Run run) throws Exception {
        Connector connector = new Connector(run);
        List<Subscriber> subs = subscribers(run, connector, false);
        List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
        try (Publisher pub = publisher(run, connector)) {
            run.timeline().track("deliveries", stats.deliveries);
            run.timeline().track("drops", drops);
            pub.startRate(rate);
            run.warmup(() -> "deliveries " + stats.deliveries.sum());
            run.beginMeasure();
            stats.delivery.reset();
            stats.recovery.reset();
            pub.resetLatency();
            Random random = new Random(42);
            int perRound = Math.max(1, (int) Math.round(subs.size() * dropFraction));
            var rounds = run.client().group().next().scheduleAtFixedRate(() -> dropRound(() -> {
                List<Subscriber> shuffled = new ArrayList<>(subs);
                Collections.shuffle(shuffled, random);
                int cut = 0;
                for (Subscriber s : shuffled) {
                    if (cut == perRound) {
                        break;
                    }
                    var c = s.connection();
                    if (c != null && s.live()) {
                        cut++;
                        pending.add(dropAndResume(run, connector, s, c));
                    }
                }
            }), dropEvery.toNanos(), dropEvery.toNanos(), TimeUnit.NANOSECONDS);
            run.holdMeasure(() -> "drops " + drops.sum() + ", recovered " + stats.recovered.sum()
                    + ", deliveries " + stats.deliveries.sum());
            rounds.cancel(false);
            var latency = stats.delivery.take();
            run.endMeasure();
            pub.stop(Duration.ofSeconds(10));
            synchronized (pending) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                        .completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
            }
            drain(run, subs, pub.lastSeq());
            Report r = new Report(name(), run.target().toString());
            r.histogram("publish->receive", latency);
            r.histogram("drop->resubscribed", stats.recovery.take());
            r.count("deliveries", latency.getTotalCount());
            r.count("drops", drops.sum());
            r.count("recovered", stats.recovered.sum());
            r.count("unrecovered", stats.unrecovered.sum());
            r.count("reconnect failures", reconnectFailures.sum());
            r.primary("deliveries");
            report(r, subs, pub, connector);
            r.param("rate", rate).param("drop-every", dropEvery.toMillis() + "ms").param("drop-fraction", dropFraction);
            WsClient.closeAll(subs.stream().map(Subscriber::connection).filter(c -> c != null).toList());
            return r;
        }
    }

    /** A failing round must not silently end the periodic task (a ScheduledFuture stops on an exception). */
    private void dropRound(Runnable round) {
        try {
            round.run();
        } catch (RuntimeException e) {
            stats.error("drop round failed: " + e);
            e.printStackTrace();
        }
    }

    /** Cuts the subscriber's socket and reconnects it with since = the last seq it received. */
    private CompletableFuture<?> dropAndResume(Run run, Connector connector, Subscriber s,
                                               io.fluxgate.bench.client.WsConnection c) {
        drops.increment();
        CompletableFuture<Object> done = new CompletableFuture<>();
        c.channel().eventLoop().execute(() -> {
            s.drop();
            run.client().group().next().schedule(() -> resume(run, connector, s, done, 1),
                    reconnectDelay.toNanos(), TimeUnit.NANOSECONDS);
        });
        return done;
    }

    /**
     * Reconnects and resubscribes with {@code since}; a failed attempt is retried with a short backoff, as a real
     * client would, and only a subscriber that never gets back counts as a reconnect failure.
     */
    private void resume(Run run, Connector connector, Subscriber s, CompletableFuture<Object> done, int attempt) {
        connector.openOne(query(s, false), s)
                .thenCompose(s::subscribe)
                .orTimeout(RESUME_ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, e) -> {
                    if (e == null) {
                        done.complete(null);
                    } else if (attempt < RESUME_ATTEMPTS) {
                        s.drop(); // whatever half-open attempt there is goes, and its late replies are ignored
                        run.client().group().next().schedule(() -> resume(run, connector, s, done, attempt + 1),
                                100L * attempt, TimeUnit.MILLISECONDS);
                    } else {
                        reconnectFailures.increment();
                        done.complete(null);
                    }
                });
    }
}
