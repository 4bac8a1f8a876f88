package io.fluxgate.session;

import io.fluxgate.broker.Broker;
import io.fluxgate.channel.ChannelPolicy;
import io.fluxgate.config.GatewayConfig;
import io.fluxgate.ratelimit.RateLimiter;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;

/**
 * What every session shares: configuration, broker, rules, limiter, clock, registry and observers.
 *
 * @param clock time source and timer (a virtual-time scheduler in tests)
 */
public record GatewayServices(GatewayConfig config, Broker broker, ChannelPolicy policy, RateLimiter rateLimiter,
                              Scheduler clock, SessionRegistry registry, SessionObserver observer,
                              TokenVerifier tokens) {
    public GatewayServices {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rateLimiter, "rateLimiter");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(tokens, "tokens");
    }
}
