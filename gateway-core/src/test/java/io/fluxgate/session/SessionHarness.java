package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxgate.broker.Broker;
import io.fluxgate.broker.InMemoryBroker;
import io.fluxgate.channel.ChannelPolicy;
import io.fluxgate.channel.Principal;
import io.fluxgate.config.ConfigLoader;
import io.fluxgate.config.GatewayConfig;
import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.EnvelopeCodec;
import io.fluxgate.protocol.ErrorCode;
import io.fluxgate.ratelimit.Bucket4jRateLimiter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;

/**
 * Sessions without sockets: real broker, policy and Bucket4j limiter on one virtual clock; each connection is a
 * {@link ClientSession} fed from a unicast sink, its outbound read by a {@link TestSubscriber}.
 */
final class SessionHarness implements AutoCloseable {
    final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    final GatewayConfig config;
    final ChannelPolicy policy;
    final InMemoryBroker broker;
    final Bucket4jRateLimiter limiter;
    final SessionRegistry registry = new SessionRegistry();
    final Observer observer = new Observer();
    final GatewayServices services;

    SessionHarness(String yaml) {
        this(yaml, TokenVerifier.NONE, Function.identity());
    }

    SessionHarness(String yaml, TokenVerifier tokens, Function<Broker, Broker> wrapBroker) {
        config = ConfigLoader.fromYaml(yaml);
        policy = new ChannelPolicy(config.channels());
        broker = new InMemoryBroker(policy::settings, clock, Duration.ofMinutes(1));
        limiter = new Bucket4jRateLimiter(config.limits().ratePerSecond(), config.limits().burst(), clock);
        services = new GatewayServices(config, wrapBroker.apply(broker), policy, limiter, clock, registry, observer,
                tokens);
    }

    Conn open(String client) {
        return open(Principal.anonymous(client), false, Long.MAX_VALUE);
    }

    Conn open(Principal who, boolean batch, long initialRequest) {
        return new Conn(new ClientSession(services, who, "127.0.0.1", batch, Runnable::run), initialRequest);
    }

    @Override
    public void close() {
        broker.close();
        clock.dispose();
    }

    static JsonNode parse(byte[] json) {
        try {
            return EnvelopeCodec.get().readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    /** One connection. */
    static final class Conn {
        final ClientSession session;
        final Sinks.Many<InboundFrame> in = Sinks.many().unicast().onBackpressureBuffer();
        final TestSubscriber<OutboundFrame> out;
        final TestSubscriber<Void> running = TestSubscriber.create();
        /** The abrupt close code, once emitted. */
        final List<CloseCode> abrupt = new CopyOnWriteArrayList<>();
        private int read;

        Conn(ClientSession session, long initialRequest) {
            this.session = session;
            this.out = initialRequest == Long.MAX_VALUE ? TestSubscriber.create()
                    : TestSubscriber.builder().initialRequest(initialRequest).build();
            session.outbound().subscribe(out);
            session.abruptClose().subscribe(abrupt::add);
            session.run(in.asFlux()).subscribe(running);
        }

        Conn send(String json) {
            return send(json.getBytes(StandardCharsets.UTF_8));
        }

        Conn send(byte[] payload) {
            assertThat(in.tryEmitNext(new InboundFrame(payload))).isEqualTo(Sinks.EmitResult.OK);
            return this;
        }

        /** Every envelope received so far, arrays flattened, pings left out. */
        List<JsonNode> all() {
            List<JsonNode> envelopes = new ArrayList<>();
            for (OutboundFrame f : out.getReceivedOnNext()) {
                if (f.ping()) {
                    continue;
                }
                JsonNode n = parse(f.payload());
                if (n.isArray()) {
                    n.forEach(envelopes::add);
                } else {
                    envelopes.add(n);
                }
            }
            return envelopes;
        }

        /** The envelopes received since the last call. */
        List<JsonNode> fresh() {
            List<JsonNode> all = all();
            List<JsonNode> out = all.subList(read, all.size());
            read = all.size();
            return List.copyOf(out);
        }

        /** The single envelope received since the last call. */
        JsonNode one() {
            List<JsonNode> f = fresh();
            assertThat(f).as("exactly one new envelope").hasSize(1);
            return f.get(0);
        }

        /** Skips the welcome. */
        Conn welcomed() {
            assertThat(one().get("type").textValue()).isEqualTo("welcome");
            return this;
        }

        long pings() {
            return out.getReceivedOnNext().stream().filter(OutboundFrame::ping).count();
        }

        void hangUp() {
            in.tryEmitComplete();
        }
    }

    static void assertError(JsonNode n, ErrorCode code) {
        assertThat(n.get("type").textValue()).as("%s", n).isEqualTo("error");
        assertThat(n.get("code").textValue()).as("%s", n).isEqualTo(code.wireName());
    }

    /** Records the observer hooks. */
    static final class Observer implements SessionObserver {
        final List<String> in = new CopyOnWriteArrayList<>();
        final List<ErrorCode> errors = new CopyOnWriteArrayList<>();
        final List<CloseCode> closed = new CopyOnWriteArrayList<>();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger rateLimited = new AtomicInteger();
        final AtomicInteger slow = new AtomicInteger();

        @Override
        public void opened(ClientSession session) {
            opened.incrementAndGet();
        }

        @Override
        public void closed(ClientSession session, CloseCode code) {
            closed.add(code == null ? CloseCode.NORMAL : code);
        }

        @Override
        public void messageIn(String type, int bytes) {
            in.add(type);
        }

        @Override
        public void errorSent(ErrorCode code) {
            errors.add(code);
        }

        @Override
        public void rateLimited() {
            rateLimited.incrementAndGet();
        }

        @Override
        public void slowConsumer() {
            slow.incrementAndGet();
        }
    }

    static Flux<InboundFrame> frames(String... json) {
        return Flux.fromArray(json).map(s -> new InboundFrame(s.getBytes(StandardCharsets.UTF_8)));
    }
}
