package io.fluxgate.bench.scenario;

import io.fluxgate.bench.Run;
import io.fluxgate.bench.client.Inbound;
import io.fluxgate.bench.client.WireWriter;
import io.fluxgate.bench.client.WsClient;
import io.fluxgate.bench.client.WsConnection;
import io.fluxgate.bench.measure.LatencyRecorder;
import io.fluxgate.bench.report.Report;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Round trips on many sockets: closed loop (W messages outstanding per socket, the next sent on each answer) or
 * open loop (a fixed total rate; latency measured from each message's intended send time, so a stalled server
 * cannot hide behind the generator's back-off: coordinated omission is corrected).
 * The protocol flavour sends {@code ping} and expects {@code pong} with the same {@code ts}; the raw flavour sends
 * text and expects the very same text back from any echo server.
 */
final class EchoLoad {
    static final int MAX_OUTSTANDING = 1000;

    private final Run run;
    private final boolean raw;
    private final int window;
    private final double rate;
    private final int padding;
    private final LatencyRecorder rtt = new LatencyRecorder();
    private final LongAdder answers = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder mismatches = new LongAdder();
    private final LongAdder unexpectedCloses = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile boolean running;

    EchoLoad(Run run, boolean raw, int window, double rate, int padding) {
        this.run = run;
        this.raw = raw;
        this.window = window;
        this.rate = rate;
        this.padding = padding;
    }

    Report execute(String scenario) throws Exception {
        int n = run.options().share(run.options().connections);
        double myRate = run.options().shareOf(rate);
        Connector connector = new Connector(run);
        String prefix = run.clientPrefix();
        List<WsConnection> conns = Connector.opened(
                connector.open(n, i -> "client=" + prefix + i, i -> new Socket(myRate / n), raw));
        run.timeline().track("answers", answers);
        running = true;
        for (WsConnection c : conns) {
            Socket s = (Socket) c.listener();
            c.channel().eventLoop().execute(() -> s.start(c));
        }
        run.warmup(this::status);
        run.beginMeasure();
        rtt.reset();
        long sent0 = sent.sum();
        run.holdMeasure(this::status);
        var h = rtt.take();
        long sentInWindow = sent.sum() - sent0;
        run.endMeasure();
        running = false;
        WsClient.closeAll(conns);
        Report r = new Report(scenario, run.target().toString());
        connector.report(r);
        r.histogram("round trip", h);
        r.count("messages", h.getTotalCount());
        r.count("sent", sentInWindow);
        r.count("mismatches", mismatches.sum());
        r.count("unexpected closes", unexpectedCloses.sum());
        r.count("errors", errors.values().stream().mapToLong(LongAdder::sum).sum());
        errors.forEach((k, v) -> r.count("error: " + k, v.sum()));
        r.primary("messages");
        r.param("mode", rate > 0 ? "open loop " + rate + "/s" : "closed loop window " + window);
        return r;
    }

    private String status() {
        return "answers " + answers.sum();
    }

    private String payload(long ts) {
        if (!raw) {
            return WireWriter.ping(ts);
        }
        return padding <= 0 ? Long.toString(ts) : ts + ":" + "x".repeat(padding);
    }

    /** Per-socket state; all on the socket's event loop. */
    private final class Socket implements WsConnection.Listener {
        private final double interval;
        private long start;
        private long k;
        private long outstanding;
        private WsConnection conn;

        Socket(double ratePerSocket) {
            this.interval = ratePerSocket > 0 ? 1e9 / ratePerSocket : 0;
        }

        void start(WsConnection c) {
            conn = c;
            if (interval > 0) {
                start = System.nanoTime() + (long) (ThreadLocalRandom.current().nextDouble() * interval);
                schedule();
            } else {
                for (int i = 0; i < window; i++) {
                    send(System.nanoTime());
                }
            }
        }

        private void schedule() {
            long next = start + (long) (k * interval) - System.nanoTime();
            conn.channel().eventLoop().schedule(this::tick, Math.max(10_000, next), TimeUnit.NANOSECONDS);
        }

        private void tick() {
            if (!running || !conn.isOpen()) {
                return;
            }
            long now = System.nanoTime();
            int burst = 0;
            while (start + (long) (k * interval) <= now && outstanding < MAX_OUTSTANDING && burst < 100) {
                send(start + (long) (k * interval));
                k++;
                burst++;
            }
            schedule();
        }

        private void send(long ts) {
            outstanding++;
            sent.increment();
            conn.send(payload(ts));
        }

        private void answered(long ts, long now) {
            outstanding--;
            rtt.record(now - ts);
            answers.increment();
            if (interval == 0 && running) {
                send(System.nanoTime());
            }
        }

        @Override
        public void onMessage(WsConnection c, Inbound m, long nanos) {
            if (m.is("pong") && m.ts() != Inbound.NONE) {
                answered(m.ts(), nanos);
            } else if (m.is("error")) {
                errors.computeIfAbsent(String.valueOf(m.code()), x -> new LongAdder()).increment();
            }
        }

        @Override
        public void onText(WsConnection c, String text, long nanos) {
            int colon = text.indexOf(':');
            long ts;
            try {
                ts = Long.parseLong(colon < 0 ? text : text.substring(0, colon));
            } catch (NumberFormatException e) {
                mismatches.increment();
                return;
            }
            if (!text.equals(payload(ts))) {
                mismatches.increment();
            }
            answered(ts, nanos);
        }

        @Override
        public void onClose(WsConnection c, int code) {
            if (running) {
                unexpectedCloses.increment();
            }
        }
    }
}
