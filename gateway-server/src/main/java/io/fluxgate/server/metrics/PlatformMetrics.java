package io.fluxgate.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Objects;

/**
 * JVM, process and Netty allocator meters (Micrometer's binders). The allocator meters are bound to the
 * allocator Reactor Netty actually uses ({@link ByteBufAllocator#DEFAULT}: adaptive in Netty 4.2 unless
 * {@code io.netty.allocator.type} says otherwise), and to the pooled default when that is a different one,
 * rather than through {@code HttpServer.metrics(..)}, which would write to the JVM-wide global registry.
 */
public final class PlatformMetrics implements AutoCloseable {
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private PlatformMetrics(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p) {
            new NettyAllocatorMetrics(p).bindTo(registry);
        }
        if (ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT) {
            new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
        }
    }

    /** Binds the meters; close to stop the GC listener. */
    public static PlatformMetrics bindTo(MeterRegistry registry) {
        return new PlatformMetrics(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void close() {
        gc.close();
    }
}
