package io.fluxgate.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

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

    /** nginx and openssl on this machine; a missing one fails under CI=true and skips the test elsewhere. */
    static void assumeInstalled() {
        for (String tool : new String[] {"nginx", "openssl"}) {
            if (find(tool) == null) {
                String msg = tool + " is not installed (Debian: apt-get install nginx openssl; .ci/run does it)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(msg);
                }
                Assumptions.assumeTrue(false, msg + ": skipping the nginx end-to-end test");
            }
        }
    }

    static Path find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool);
            }
        }
        return null;
    }

    /** A self-signed certificate for 127.0.0.1 made with openssl: {cert.pem, key.pem} in {@code dir}. */
    static SSLContext selfSigned(Path dir) throws Exception {
        run(dir, find("openssl").toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=fluxgate-test",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("fluxgate-test", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Starts nginx terminating TLS on a free loopback port and proxying to the gateway on {@code upstreamPort}. */
    static NginxProxy start(Path dir, int upstreamPort) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
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
        Process p = new ProcessBuilder(find("nginx").toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        NginxProxy nginx = new NginxProxy(p, dir, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!nginx.accepting()) {
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

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " failed: " + output);
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
