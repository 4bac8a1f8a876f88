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
 * A real nginx, run as a child process of the test with its own config, pid, logs and temp paths in a temp
 * directory ({@code daemon off}, loopback only). Its site config is the repository's
 * {@code deploy/nginx/fluxgate.conf}, with only the lines marked {@code # test:} rewritten.
 */
final class NginxProxy implements AutoCloseable {
    static final Path SITE_CONFIG = Path.of("..", "deploy", "nginx", "fluxgate.conf");

    private final Process process;
    private final Path dir;
    private final int port;

    private NginxProxy(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts nginx terminating TLS on a free loopback port and proxying to the gateway on {@code upstreamPort}. */
    static NginxProxy start(Path dir, int upstreamPort) throws Exception {
        int port = ProxyTools.freePort();
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("fluxgate.conf"), site(dir, port, upstreamPort));
        String temp = dir.resolve("tmp").toString();
        String main = ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                + "daemon off;\nmaster_process on;\nworker_processes 1;\n"
                + "pid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " info;\n"
                + "events { worker_connections 512; }\n"
                + "http {\n"
                + "  client_body_temp_path " + temp + "/body;\n  proxy_temp_path " + temp + "/proxy;\n"
                + "  fastcgi_temp_path " + temp + "/fastcgi;\n  uwsgi_temp_path " + temp + "/uwsgi;\n"
                + "  scgi_temp_path " + temp + "/scgi;\n"
                + "  include " + dir.resolve("fluxgate.conf") + ";\n"
                + "}\n";
        Files.writeString(dir.resolve("nginx.conf"), main);
        Process p = new ProcessBuilder(ProxyTools.find("nginx").toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        NginxProxy nginx = new NginxProxy(p, dir, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!ProxyTools.accepting(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String why = nginx.errorLog() + Files.readString(dir.resolve("nginx.out"));
                nginx.close();
                fail("nginx did not start: " + why);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        return nginx;
    }

    /** The shipped site config with its {@code # test:} lines pointed at this run. */
    static String site(Path dir, int port, int upstreamPort) throws IOException {
        StringBuilder out = new StringBuilder();
        List<String> seen = new ArrayList<>();
        for (String line : Files.readAllLines(SITE_CONFIG)) {
            int mark = line.indexOf("# test: ");
            if (mark < 0) {
                out.append(line).append('\n');
                continue;
            }
            String what = line.substring(mark + 8).trim();
            seen.add(what);
            out.append(switch (what) {
                case "upstream" -> "    server 127.0.0.1:" + upstreamPort + ";";
                case "listen" -> "    listen 127.0.0.1:" + port + " ssl;";
                case "drop" -> "";
                case "cert" -> "    ssl_certificate " + dir.resolve("cert.pem") + ";";
                case "key" -> "    ssl_certificate_key " + dir.resolve("key.pem") + ";";
                case "access_log" -> "    access_log " + dir.resolve("access.log") + " fluxgate;";
                default -> throw new IllegalStateException("unknown test marker: " + what);
            }).append('\n');
        }
        if (!seen.containsAll(List.of("upstream", "listen", "cert", "key", "access_log"))) {
            throw new IllegalStateException(SITE_CONFIG + " lost a '# test:' marker: only " + seen);
        }
        return out.toString();
    }

    int port() {
        return port;
    }

    String accessLog() {
        return read(dir.resolve("access.log"));
    }

    String errorLog() {
        return read(dir.resolve("error.log"));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops this nginx (SIGTERM to its master, which stops its worker), and only it. */
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
