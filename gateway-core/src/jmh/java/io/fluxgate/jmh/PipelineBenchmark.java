package io.fluxgate.jmh;

import io.fluxgate.broker.InMemoryBroker;
import io.fluxgate.channel.ChannelPolicy;
import io.fluxgate.channel.Principal;
import io.fluxgate.config.ConfigLoader;
import io.fluxgate.config.GatewayConfig;
import io.fluxgate.ratelimit.Bucket4jRateLimiter;
import io.fluxgate.session.ClientSession;
import io.fluxgate.session.GatewayServices;
import io.fluxgate.session.InboundFrame;
import io.fluxgate.session.OutboundFrame;
import io.fluxgate.session.SessionObserver;
import io.fluxgate.session.SessionRegistry;
import io.fluxgate.session.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One publish end to end in-process, no sockets: frame -> decode -> rate limit -> route -> broker -> fan-out to
 * {@code subscribers} sessions -> their outboxes -> frames handed to a writer. Direct executors, so the figure is
 * CPU per publish with every subscriber's frame produced.
 */
@State(Scope.Benchmark)
public class PipelineBenchmark {
    @Param({"1", "100"})
    public int subscribers;

    private InMemoryBroker broker;
    private Sinks.Many<InboundFrame> publisherIn;
    private final LongAdder framesOut = new LongAdder();
    private final List<Sinks.Many<InboundFrame>> inputs = new ArrayList<>();
    private InboundFrame publish;

    @Setup(Level.Trial)
    public void setup() {
        GatewayConfig config = ConfigLoader.fromYaml("limits:\n  ratePerSecond: 100000000\n  burst: 100000000\n"
                + "  outboundBufferMessages: 10000000\n  outboundBufferBytes: 1000000000\n");
        ChannelPolicy policy = new ChannelPolicy(config.channels());
        broker = new InMemoryBroker(policy::settings, Schedulers.parallel(), Duration.ofSeconds(5));
        GatewayServices services = new GatewayServices(config, broker, policy,
                new Bucket4jRateLimiter(100_000_000, 100_000_000, Schedulers.parallel()), Schedulers.parallel(),
                new SessionRegistry(), SessionObserver.NONE, TokenVerifier.NONE);
        for (int i = 0; i < subscribers; i++) {
            Sinks.Many<InboundFrame> in = open(services, "sub-" + i);
            in.tryEmitNext(frame("{\"type\":\"subscribe\",\"channel\":\"bench\"}"));
        }
        publisherIn = open(services, "publisher");
        publish = frame("{\"type\":\"publish\",\"channel\":\"bench\",\"event\":\"progress\","
                + "\"data\":{\"step\":3,\"of\":10,\"status\":\"embedding documents\"}}");
    }

    private Sinks.Many<InboundFrame> open(GatewayServices services, String client) {
        ClientSession s = new ClientSession(services, Principal.anonymous(client), "127.0.0.1", false, Runnable::run);
        s.outbound().subscribe(new BaseSubscriber<OutboundFrame>() {
            @Override
            protected void hookOnNext(OutboundFrame value) {
                framesOut.increment();
            }
        });
        Sinks.Many<InboundFrame> in = Sinks.many().unicast().onBackpressureBuffer();
        s.run(in.asFlux()).subscribe();
        inputs.add(in);
        return in;
    }

    private static InboundFrame frame(String json) {
        return new InboundFrame(json.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public long publishAndFanOut() {
        publisherIn.tryEmitNext(publish);
        return framesOut.sum();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inputs.forEach(Sinks.Many::tryEmitComplete);
        broker.close();
    }
}
