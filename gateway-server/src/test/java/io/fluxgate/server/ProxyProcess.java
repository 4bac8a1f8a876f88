package io.fluxgate.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real reverse proxy (nginx, HAProxy) run as a child process of the test, in its own temp directory, on a
 * free loopback port. Its configuration is the repository's shipped file with only the lines marked
 * {@code # test: <name>} rewritten, so the tests exercise what operators deploy.
 */
abstract class ProxyProcess implements AutoCloseable {
    private final Process process;
    final Path dir;
    private final int port;

    ProxyProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    int port() {
        return port;
    }

    final boolean alive() {
        return process.isAlive();
    }

    /** What the proxy wrote about itself, for a failure message. */
    abstract String diagnostics();

    /** Waits until the proxy accepts connections on its port; fails the test with its output otherwise. */
    static <P extends ProxyProcess> P awaitListening(P proxy, String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!ProxyTools.accepting(proxy.port())) {
            if (!proxy.alive() || System.nanoTime() > deadline) {
                String why = proxy.diagnostics();
                proxy.close();
                fail(name + " did not start: " + why);
            }
            LockSupport.parkNanos(20_000_000);
        }
        return proxy;
    }

    /**
     * The shipped config with each {@code # test: <name>} line replaced by {@code markers.get(name)}
     * ({@code drop} lines are removed); every marker given must occur, so a config edit cannot silently
     * detach the test from it.
     */
    static String rewrite(Path config, Map<String, String> markers) throws IOException {
        StringBuilder out = new StringBuilder();
        List<String> seen = new ArrayList<>();
        for (String line : Files.readAllLines(config)) {
            int mark = line.indexOf("# test: ");
            if (mark < 0) {
                out.append(line).append('\n');
                continue;
            }
            String what = line.substring(mark + 8).trim();
            seen.add(what);
            if (what.equals("drop")) {
                continue;
            }
            String replacement = markers.get(what);
            if (replacement == null) {
                throw new IllegalStateException("unknown test marker: " + what);
            }
            out.append(replacement).append('\n');
        }
        if (!seen.containsAll(markers.keySet())) {
            throw new IllegalStateException(config + " lost a '# test:' marker: only " + seen);
        }
        return out.toString();
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops this proxy (SIGTERM, which both nginx's master and a foreground HAProxy obey), and only it. */
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
