package io.fluxgate.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy run as a child process of the test (foreground, {@code -db}), with the repository's
 * {@code deploy/haproxy/haproxy.cfg} where only the lines marked {@code # test:} are rewritten. Its log goes
 * to stdout, which is captured in a file.
 */
final class HaproxyProxy implements AutoCloseable {
    static final Path CONFIG = Path.of("..", "deploy", "haproxy", "haproxy.cfg");

    private final Process process;
    private final Path dir;
    private final int port;

    private HaproxyProxy(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts HAProxy terminating TLS with {@code dir/both.pem} and balancing to the gateway on {@code upstreamPort}. */
    static HaproxyProxy start(Path dir, int upstreamPort) throws Exception {
        int port = ProxyTools.freePort();
        Files.writeString(dir.resolve("haproxy.cfg"), config(dir, port, upstreamPort));
        Process p = new ProcessBuilder(ProxyTools.find("haproxy").toString(), "-db", "-f",
                dir.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
        HaproxyProxy proxy = new HaproxyProxy(p, dir, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!ProxyTools.accepting(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String why = proxy.log();
                proxy.close();
                fail("haproxy did not start: " + why);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        return proxy;
    }

    static String config(Path dir, int port, int upstreamPort) throws IOException {
        StringBuilder out = new StringBuilder();
        List<String> seen = new ArrayList<>();
        for (String line : Files.readAllLines(CONFIG)) {
            int mark = line.indexOf("# test: ");
            if (mark < 0) {
                out.append(line).append('\n');
                continue;
            }
            String what = line.substring(mark + 8).trim();
            seen.add(what);
            out.append(switch (what) {
                case "maxconn" -> "    maxconn 1000";
                case "bind" -> "    bind 127.0.0.1:" + port + " ssl crt " + dir.resolve("both.pem") + " alpn http/1.1";
                case "server" -> "    server node1 127.0.0.1:" + upstreamPort;
                case "drop" -> "";
                default -> throw new IllegalStateException("unknown test marker: " + what);
            }).append('\n');
        }
        if (!seen.containsAll(List.of("maxconn", "bind", "server"))) {
            throw new IllegalStateException(CONFIG + " lost a '# test:' marker: only " + seen);
        }
        return out.toString();
    }

    int port() {
        return port;
    }

    /** HAProxy's own output: its access log lines and any alerts. */
    String log() {
        try {
            return Files.readString(dir.resolve("haproxy.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops this HAProxy (SIGTERM, which ends a foreground HAProxy), and only it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
