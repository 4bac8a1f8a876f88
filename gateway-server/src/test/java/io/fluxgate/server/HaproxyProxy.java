package io.fluxgate.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real HAProxy run as a child process of the test (foreground, {@code -db}), with the repository's
 * {@code deploy/haproxy/haproxy.cfg} where only the lines marked {@code # test:} are rewritten. Its log goes
 * to stdout, which is captured in a file.
 */
final class HaproxyProxy extends ProxyProcess {
    static final Path CONFIG = Path.of("..", "deploy", "haproxy", "haproxy.cfg");

    private HaproxyProxy(Process process, Path dir, int port) {
        super(process, dir, port);
    }

    /** Starts HAProxy terminating TLS with {@code dir/both.pem} and balancing to the gateway on {@code upstreamPort}. */
    static HaproxyProxy start(Path dir, int upstreamPort) throws Exception {
        int port = ProxyTools.freePort();
        Files.writeString(dir.resolve("haproxy.cfg"), rewrite(CONFIG, Map.of(
                "maxconn", "    maxconn 1000",
                "bind", "    bind 127.0.0.1:" + port + " ssl crt " + dir.resolve("both.pem") + " alpn http/1.1",
                "server", "    server node1 127.0.0.1:" + upstreamPort)));
        Process p = new ProcessBuilder(ProxyTools.find("haproxy").toString(), "-db", "-f",
                dir.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
        return awaitListening(new HaproxyProxy(p, dir, port), "haproxy");
    }

    /** HAProxy's own output: its access log lines and any alerts. */
    String log() {
        return read(dir.resolve("haproxy.log"));
    }

    @Override
    String diagnostics() {
        return log();
    }
}
