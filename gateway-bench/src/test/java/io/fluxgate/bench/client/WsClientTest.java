package io.fluxgate.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.bench.Target;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WsClientTest {

    @Test
    void sourceAddressesAreConsecutiveLoopbackAddresses() {
        InetAddress[] a = WsClient.sources(Target.parse("ws://127.0.0.1:1/ws"), 254, 3);
        assertThat(a).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.254", "127.0.0.255", "127.0.1.0");
        assertThat(WsClient.sources(Target.parse("ws://[::1]:1/ws"), 2, 3)).isEmpty();
    }

    @Test
    void socketsAreSpreadOverTheSourceAddresses() throws Exception {
        try (var server = new io.fluxgate.bench.StallingEchoServer(3_600_000, 1);
             WsClient client = new WsClient(Target.parse("ws://127.0.0.1:" + server.port() + "/ws"), 1, 2, 3, 10_000)) {
            List<CompletableFuture<WsConnection>> conns = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                conns.add(client.connectRaw((c, m, t) -> { }));
            }
            List<WsConnection> open = new ArrayList<>();
            for (var f : conns) {
                open.add(f.get(20, TimeUnit.SECONDS));
            }
            assertThat(server.remotes).containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3", "127.0.0.4");
            WsClient.closeAll(open);
        }
    }
}
