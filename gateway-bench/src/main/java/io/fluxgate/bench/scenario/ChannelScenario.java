package io.fluxgate.bench.scenario;

import io.fluxgate.bench.Durations;
import io.fluxgate.bench.Run;
import io.fluxgate.bench.Target;
import io.fluxgate.bench.client.WireWriter;
import io.fluxgate.bench.client.WsConnection;
import io.fluxgate.bench.measure.SeqTracker;
import io.fluxgate.bench.report.Report;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** Shared parts of broadcast, burst and resume: subscribers on one channel, a publisher, the per-seq checks. */
abstract class ChannelScenario extends ScenarioCommand {
    @Option(names = "--channel", defaultValue = "bench", description = "Channel name. Default: ${DEFAULT-VALUE}.")
    String channel;

    @Option(names = "--via", defaultValue = "ws",
            description = "Publish over ws (a WebSocket publish per message) or api (POST /api/publish). Default: ${DEFAULT-VALUE}.")
    String via;

    @Option(names = "--api-url", description = "Publish endpoint for --via api. Default: <target>/api/publish.")
    String apiUrl;

    @Option(names = "--api-key", description = "Bearer key for --via api (auth.apiKeys).")
    String apiKey;

    @Option(names = "--payload", defaultValue = "0",
            description = "Extra bytes of padding in each event's data. Default: ${DEFAULT-VALUE}, max 60000.")
    int payload;

    @Option(names = "--drain-timeout", defaultValue = "15s", converter = io.fluxgate.bench.BenchOptions.DurationConverter.class,
            description = "After publishing stops: how long to wait for the last events. Default: ${DEFAULT-VALUE}.")
    Duration drainTimeout;

    final StreamStats stats = new StreamStats();

    @Override
    protected void validateOwn() {
        WireWriter.checkChannel(channel);
        if (!via.equals("ws") && !via.equals("api")) {
            throw new IllegalArgumentException("via: " + via + " (expected: ws or api)");
        }
        if (payload < 0 || payload > 60_000) {
            throw new IllegalArgumentException("payload: " + payload + " (expected: 0..60000)");
        }
        if (drainTimeout.isNegative() || drainTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("drain-timeout: " + Durations.format(drainTimeout) + " (expected: 0s..2m)");
        }
        if (apiUrl != null) {
            Target.loopback(URI.create(apiUrl).getHost(), "api-url");
        }
    }

    @Override
    protected int extraSockets() {
        return 1;
    }

    /** Opens the subscribers and waits until each one's {@code subscribed} arrived. */
    List<Subscriber> subscribers(Run run, Connector connector, boolean batch) throws Exception {
        int n = o.connections;
        String prefix = run.clientPrefix();
        List<Subscriber> subs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            subs.add(new Subscriber(channel, prefix + "s" + i, stats));
        }
        List<WsConnection> conns = connector.open(n, i -> query(subs.get(i), batch), subs::get, false);
        List<CompletableFuture<Subscriber>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (conns.get(i) != null) {
                done.add(subs.get(i).subscribe(conns.get(i)));
            }
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return subs.stream().filter(s -> s.tracker() != null).toList();
    }

    String query(Subscriber s, boolean batch) {
        return "client=" + s.clientId() + (batch ? "&batch=true" : "");
    }

    Publisher publisher(Run run, Connector connector) throws Exception {
        if (via.equals("api")) {
            String url = apiUrl != null ? apiUrl : run.target().httpBase() + "/api/publish";
            return new ApiPublisher(URI.create(url), apiKey, channel, payload);
        }
        WsConnection c = connector.openOne("client=" + run.clientPrefix() + "pub", (conn, m, t) -> { })
                .get(o.handshakeTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        return new WsPublisher(c, channel, payload);
    }

    /** Waits until every subscriber has every seq up to the publisher's last, or the drain timeout. */
    void drain(Run run, List<Subscriber> subs, long lastSeq) throws InterruptedException {
        run.progress().phase("drain", drainTimeout.toMillis() / 1000.0, () -> "waiting for seq " + lastSeq);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Subscriber s : subs) {
                if (!s.tracker().complete(lastSeq)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Adds the stream checks and publisher figures to {@code r}. */
    void report(Report r, List<Subscriber> subs, Publisher pub, Connector connector) {
        connector.report(r);
        long lastSeq = pub.lastSeq();
        long expected = 0;
        long distinct = 0;
        long lost = 0;
        long dups = 0;
        long reorders = 0;
        long outOfRange = 0;
        for (Subscriber s : subs) {
            SeqTracker t = s.tracker();
            expected += Math.max(0, lastSeq - t.base());
            distinct += t.distinct();
            lost += t.lost(lastSeq);
            dups += t.duplicates();
            reorders += t.reorders();
            outOfRange += t.outOfRange();
            s.closing();
        }
        r.count("subscribers", subs.size());
        r.count("published", pub.sent());
        r.count("acked", pub.acked());
        r.count("publish errors", pub.errors());
        pub.errorCodes().forEach((k, v) -> r.count("publish error: " + k, v));
        r.count("expected deliveries", expected);
        r.count("distinct deliveries", distinct);
        r.count("lost", lost);
        r.count("duplicates", dups);
        r.count("reorders", reorders);
        r.count("out of range", outOfRange);
        r.count("epoch changes", stats.epochChanges.sum());
        r.count("events before subscribed", stats.eventsBeforeSubscribed.sum());
        r.count("unexpected closes", stats.unexpectedCloses.sum());
        stats.closeCodes.forEach((k, v) -> r.count("closed with " + k, v.sum()));
        r.count("errors", stats.errorCount() + pub.errors());
        stats.errors.forEach((k, v) -> r.count("error: " + k, v.sum()));
        r.histogram("publish->ack", pub.ackLatency());
        r.param("via", via).param("channel", channel);
    }
}
