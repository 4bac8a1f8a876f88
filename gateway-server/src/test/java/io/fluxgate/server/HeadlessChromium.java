package io.fluxgate.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One Debian headless Chromium ({@value #BINARY}) showing one page, with a fresh profile; {@link #close()} ends it
 * and every process it started (renderer, GPU, utility, crash handler) and waits until they are gone.
 */
final class HeadlessChromium implements AutoCloseable {
    static final String BINARY = "/usr/bin/chromium";
    private static final long STOP_WAIT_SECONDS = 10;

    private final Process process;
    private final Path output;

    private HeadlessChromium(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Chromium on this machine; missing, it fails under CI=true and skips the test elsewhere. */
    static void assumeInstalled() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            String msg = BINARY + " is not installed (Debian: apt-get install chromium; .ci/run does it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.assumeTrue(false, msg + ": skipping this browser end-to-end test");
        }
    }

    /** Opens {@code url}; the profile and the browser's console output go under {@code workDir}. */
    static HeadlessChromium open(URI url, Path workDir) throws IOException {
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        Path output = workDir.resolve("chromium.log");
        List<String> cmd = List.of(BINARY,
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // Loopback only, whatever proxy the environment names; no crash uploads.
                "--no-proxy-server", "--disable-breakpad",
                "--user-data-dir=" + profile, url.toString());
        // To a file, not a pipe: nobody has to drain it, and it is there to quote when a test fails.
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        // Chromium puts its singleton socket directory under TMPDIR: keep it inside the test's own directory.
        pb.environment().put("TMPDIR", Files.createDirectories(workDir.resolve("tmp")).toString());
        Process p = pb.start();
        return new HeadlessChromium(p, output);
    }

    /** Whether the browser is still running, and the end of what it printed: context for a failure message. */
    String describe() {
        String state = process.isAlive() ? "chromium running" : "chromium exited " + process.exitValue();
        try {
            String log = Files.readString(output, StandardCharsets.UTF_8);
            return state + "; its output ends: " + log.substring(Math.max(0, log.length() - 2000));
        } catch (IOException e) {
            return state + "; no output (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        // Taken before the browser goes: once it is gone its children are re-parented and no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        for (ProcessHandle h : tree) {
            h.destroy();
        }
        for (ProcessHandle h : tree) {
            stop(h);
        }
    }

    private static void stop(ProcessHandle h) {
        try {
            h.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            h.destroyForcibly();
            h.onExit().orTimeout(STOP_WAIT_SECONDS, TimeUnit.SECONDS).join();
        }
    }
}
