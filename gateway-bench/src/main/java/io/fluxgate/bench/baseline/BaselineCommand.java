package io.fluxgate.bench.baseline;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fluxgate-bench baseline-server}: runs the raw Netty baseline until killed. */
@Command(name = "baseline-server", mixinStandardHelpOptions = true,
        description = "A minimal raw Netty WebSocket server speaking just enough of the protocol (welcome, ping->pong, "
                + "subscribe with since, publish->ack + broadcast with seq, POST /api/publish) for every scenario: the floor of our own "
                + "stack. Runs until killed.")
public final class BaselineCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Loopback bind address. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "9090", description = "Port (0 = any free). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--echo", description = "Plain echo server instead: every text frame is sent back unchanged.")
    boolean echo;

    @Option(names = "--threads", description = "I/O threads. Default: available processors.")
    Integer threads;

    @Override
    public Integer call() {
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (t < 1 || t > 64) {
            throw new IllegalArgumentException("threads: " + t + " (expected: 1..64)");
        }
        BaselineServer server = BaselineServer.start(host, port, t, echo);
        System.out.println("baseline-server listening on ws://" + host + ":" + server.port() + "/ws" + (echo ? " (echo)" : "") + " (pid "
                + ProcessHandle.current().pid() + ", " + t + " threads)");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitClose();
        return 0;
    }
}
