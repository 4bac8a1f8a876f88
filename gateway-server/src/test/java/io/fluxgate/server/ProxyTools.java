package io.fluxgate.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/** What the real-proxy end-to-end tests share: finding the tools, a self-signed certificate, free ports. */
final class ProxyTools {
    private ProxyTools() {
    }

    /** The tools on this machine; a missing one fails under CI=true and skips the test elsewhere. */
    static void assumeInstalled(String... tools) {
        for (String tool : tools) {
            if (find(tool) == null) {
                String msg = tool + " is not installed (Debian: apt-get install " + String.join(" ", tools)
                        + "; .ci/run does it)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(msg);
                }
                Assumptions.assumeTrue(false, msg + ": skipping this end-to-end test");
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

    /**
     * A self-signed certificate for 127.0.0.1 made with openssl: {@code cert.pem}, {@code key.pem} and both in
     * {@code both.pem} (HAProxy's form) in {@code dir}; the context trusts exactly that certificate.
     */
    static SSLContext selfSigned(Path dir) throws Exception {
        run(dir, find("openssl").toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=fluxgate-test",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        Files.writeString(dir.resolve("both.pem"),
                Files.readString(dir.resolve("cert.pem")) + Files.readString(dir.resolve("key.pem")));
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

    /** A loopback port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static boolean accepting(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " failed: " + output);
        }
    }
}
