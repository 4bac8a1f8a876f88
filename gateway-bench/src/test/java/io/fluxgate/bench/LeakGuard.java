package io.fluxgate.bench;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (paranoid in tests) reported a leak while it ran: the bench client
 * and the baseline server must release every buffer. Registered through JUnit's extension auto-detection.
 */
public final class LeakGuard implements AfterAllCallback {
    static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    @Override
    public void afterAll(ExtensionContext context) {
        // Leaks are reported when a collected, unreleased buffer is noticed on a later allocation.
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                a.release();
                b.release();
            }
        }
        if (!LEAKS.isEmpty()) {
            String report = String.join("\n", LEAKS);
            LEAKS.clear();
            throw new AssertionError("Netty reported a buffer leak during " + context.getDisplayName() + ":\n" + report);
        }
    }

    /** Collects the leak detector's ERROR lines. */
    public static final class Appender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage() != null && event.getFormattedMessage().contains("LEAK:")) {
                LEAKS.add(event.getFormattedMessage());
            }
        }
    }
}
