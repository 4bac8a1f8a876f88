package io.fluxgate.server.ws;

import io.fluxgate.config.ServerConfig;
import io.fluxgate.ratelimit.Bucket4jRateLimiter;
import io.fluxgate.ratelimit.RateLimiter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Scheduler;

/**
 * Admits or refuses handshakes: the draining state, the per-IP connect rate (a Bucket4j bucket per IP),
 * the per-IP connection cap and the node-wide connection cap.
 */
public final class ConnectionGuard {
    private final int maxConnections;
    private final int maxPerIp;
    private final RateLimiter connectRate;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private volatile boolean draining;

    public ConnectionGuard(ServerConfig config, Scheduler clock) {
        this.maxConnections = config.maxConnections();
        this.maxPerIp = config.perIp().maxConnections();
        int rate = config.perIp().connectsPerSecond();
        this.connectRate = new Bucket4jRateLimiter(rate, rate, clock);
    }

    /** First, cheap checks that protect the rest of the handshake: draining, then the IP's connect rate. */
    public HandshakeRejection screen(String ip) {
        if (draining) {
            return HandshakeRejection.of(HttpResponseStatus.SERVICE_UNAVAILABLE, "draining for shutdown");
        }
        if (!connectRate.tryAcquire(ip, 1).allowed()) {
            return HandshakeRejection.of(HttpResponseStatus.TOO_MANY_REQUESTS, "too many connection attempts from this IP");
        }
        return null;
    }

    /** Reserves a slot; null when admitted (call {@link #release} when the connection ends), else why not. */
    public HandshakeRejection admit(String ip) {
        AtomicInteger mine = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
        if (mine.incrementAndGet() > maxPerIp) {
            release(ip, mine);
            return HandshakeRejection.of(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "at the per-IP connection cap of " + maxPerIp);
        }
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            release(ip, mine);
            return HandshakeRejection.of(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "at the connection cap of " + maxConnections);
        }
        return null;
    }

    /** Gives back a slot taken by {@link #admit}. */
    public void release(String ip) {
        open.decrementAndGet();
        AtomicInteger mine = perIp.get(ip);
        if (mine != null) {
            release(ip, mine);
        }
    }

    private void release(String ip, AtomicInteger mine) {
        if (mine.decrementAndGet() <= 0) {
            // Drop the entry only if still zero, so a concurrent admit keeps counting on the same one.
            perIp.computeIfPresent(ip, (k, v) -> v.get() <= 0 ? null : v);
        }
    }

    public int open() {
        return open.get();
    }

    /** IPs with at least one open connection. */
    public int ips() {
        return perIp.size();
    }

    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }
}
