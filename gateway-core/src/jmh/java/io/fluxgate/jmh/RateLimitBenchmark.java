package io.fluxgate.jmh;

import io.fluxgate.ratelimit.Bucket4jRateLimiter;
import io.fluxgate.ratelimit.RateDecision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import reactor.core.scheduler.Schedulers;

/** One rate-limit check: Caffeine lookup plus a Bucket4j lock-free consume, for one hot client and for many. */
@State(Scope.Benchmark)
public class RateLimitBenchmark {
    private Bucket4jRateLimiter limiter;
    private String[] clients;
    private int next;

    @Setup
    public void setup() {
        limiter = new Bucket4jRateLimiter(1_000_000_000L, 1_000_000_000L, Schedulers.parallel());
        clients = new String[10_000];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = "client-" + i;
            limiter.tryAcquire(clients[i], 1);
        }
    }

    @Benchmark
    public RateDecision oneClient() {
        return limiter.tryAcquire("client-1", 1);
    }

    @Benchmark
    public RateDecision tenThousandClients() {
        int i = next++;
        if (next == clients.length) {
            next = 0;
        }
        return limiter.tryAcquire(clients[i], 1);
    }
}
