package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gateway's real entry point ({@code Main}) in a JVM of its own, with its output captured. */
final class GatewayProcess implements AutoCloseable {
    private static final Pattern BANNER = Pattern.compile("listening on ws://127\\.0\\.0\\.1:(\\d+)/ws");

    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private GatewayProcess(List<String> jvmArgs, List<String> args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.fluxgate.server.Main"));
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the process ended
            }
        }, "gateway-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    static GatewayProcess launch(List<String> jvmArgs, String... args) throws Exception {
        return new GatewayProcess(jvmArgs, List.of(args));
    }

    /** Waits for the start-up banner and returns the bound port. */
    int awaitPort() throws InterruptedException {
        while (true) {
            String line = lines.poll(20, TimeUnit.SECONDS);
            assertThat(line).as("banner line; output so far: " + output).isNotNull();
            Matcher m = BANNER.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process exited").isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
