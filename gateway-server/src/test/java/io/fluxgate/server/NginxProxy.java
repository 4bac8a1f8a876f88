package io.fluxgate.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real nginx, run as a child process of the test with its own config, pid, logs and temp paths in a temp
 * directory ({@code daemon off}, loopback only). Its site config is the repository's
 * {@code deploy/nginx/fluxgate.conf}, with only the lines marked {@code # test:} rewritten.
 */
final class NginxProxy extends ProxyProcess {
    static final Path SITE_CONFIG = Path.of("..", "deploy", "nginx", "fluxgate.conf");

    private NginxProxy(Process process, Path dir, int port) {
        super(process, dir, port);
    }

    /** Starts nginx terminating TLS on a free loopback port and proxying to the gateway on {@code upstreamPort}. */
    static NginxProxy start(Path dir, int upstreamPort) throws Exception {
        int port = ProxyTools.freePort();
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("fluxgate.conf"), rewrite(SITE_CONFIG, Map.of(
                "upstream", "    server 127.0.0.1:" + upstreamPort + ";",
                "listen", "    listen 127.0.0.1:" + port + " ssl;",
                "cert", "    ssl_certificate " + dir.resolve("cert.pem") + ";",
                "key", "    ssl_certificate_key " + dir.resolve("key.pem") + ";",
                "access_log", "    access_log " + dir.resolve("access.log") + " fluxgate;")));
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
        return awaitListening(new NginxProxy(p, dir, port), "nginx");
    }

    String accessLog() {
        return read(dir.resolve("access.log"));
    }

    String errorLog() {
        return read(dir.resolve("error.log"));
    }

    @Override
    String diagnostics() {
        return errorLog() + read(dir.resolve("nginx.out"));
    }
}
