package io.fluxgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.CloseStatus;
import io.fluxgate.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SessionObserver#andThen} forwards every hook to both observers, first one first. */
class SessionObserverChainTest {
    private final List<String> calls = new ArrayList<>();

    private SessionObserver recording(String name) {
        return new SessionObserver() {
            @Override
            public void opened(ClientSession s) {
                calls.add(name + ".opened");
            }

            @Override
            public void closed(ClientSession s, CloseCode code) {
                calls.add(name + ".closed " + code);
            }

            @Override
            public void finished(ClientSession s, CloseStatus status) {
                calls.add(name + ".finished " + status);
            }

            @Override
            public void messageIn(String type, int bytes) {
                calls.add(name + ".in " + type + " " + bytes);
            }

            @Override
            public void frameOut(OutboundFrame frame) {
                calls.add(name + ".out " + frame.envelopes());
            }

            @Override
            public void errorSent(ErrorCode code) {
                calls.add(name + ".error " + code);
            }

            @Override
            public void rateLimited() {
                calls.add(name + ".rateLimited");
            }

            @Override
            public void slowConsumer() {
                calls.add(name + ".slow");
            }

            @Override
            public void published(long at) {
                calls.add(name + ".published " + at);
            }
        };
    }

    @Test
    void everyHookReachesBothInOrder() {
        SessionObserver chain = recording("a").andThen(recording("b"));
        chain.opened(null);
        chain.closed(null, CloseCode.SLOW_CONSUMER);
        chain.finished(null, null);
        chain.messageIn("ping", 12);
        chain.frameOut(new OutboundFrame(false, new byte[2], 1));
        chain.errorSent(ErrorCode.FORBIDDEN);
        chain.rateLimited();
        chain.slowConsumer();
        chain.published(7);
        assertThat(calls).containsExactly(
                "a.opened", "b.opened", "a.closed SLOW_CONSUMER", "b.closed SLOW_CONSUMER",
                "a.finished null", "b.finished null", "a.in ping 12", "b.in ping 12", "a.out 1", "b.out 1",
                "a.error FORBIDDEN", "b.error FORBIDDEN", "a.rateLimited", "b.rateLimited", "a.slow", "b.slow",
                "a.published 7", "b.published 7");
    }

    @Test
    void noneChainedWithAnotherIsJustTheOther() {
        SessionObserver chain = SessionObserver.NONE.andThen(recording("b"));
        chain.rateLimited();
        assertThat(calls).containsExactly("b.rateLimited");
    }
}
