package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fat jar lowers Reactor Netty's per-connection write prefetch unless the operator chose one. */
class MainSendPrefetchTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(Main.SEND_PREFETCH);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(Main.SEND_PREFETCH);
        } else {
            System.setProperty(Main.SEND_PREFETCH, saved);
        }
    }

    @Test
    void defaultsTo32() {
        System.clearProperty(Main.SEND_PREFETCH);
        Main.limitSendPrefetch();
        assertThat(System.getProperty(Main.SEND_PREFETCH)).isEqualTo("32");
    }

    @Test
    void anExplicitValueWins() {
        System.setProperty(Main.SEND_PREFETCH, "96");
        Main.limitSendPrefetch();
        assertThat(System.getProperty(Main.SEND_PREFETCH)).isEqualTo("96");
    }
}
