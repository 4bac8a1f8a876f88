package io.fluxgate.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback web server for browser tests (JDK {@code HttpServer} on 127.0.0.1, port 0): it serves pages the test
 * generates and collects the one JSON report each page POSTs back to {@code <page>/result}. Its
 * {@link #origin()} is what the browser sends as {@code Origin} from those pages.
 */
final class BrowserPageServer implements AutoCloseable {
    /** A report larger than this is a broken page, not a result. */
    private static final int MAX_REPORT_BYTES = 1 << 20;

    private final HttpServer http;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> reports = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private BrowserPageServer(HttpServer http) {
        this.http = http;
    }

    static BrowserPageServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        BrowserPageServer s = new BrowserPageServer(http);
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    /** {@code http://127.0.0.1:<port>}, the browser's {@code Origin} for this server's pages. */
    String origin() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Publishes {@code html} under a fresh path; the page reports by POSTing to its own path + {@code /result}. */
    Page serve(String html) {
        String path = "/page/" + ids.incrementAndGet();
        pages.put(path, Objects.requireNonNull(html, "html"));
        CompletableFuture<String> report = new CompletableFuture<>();
        reports.put(path + "/result", report);
        return new Page(URI.create(origin() + path), report);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String html = pages.get(path);
            CompletableFuture<String> report = reports.get(path);
            if ("GET".equals(ex.getRequestMethod()) && html != null) {
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.getResponseHeaders().set("Cache-Control", "no-store");
                send(ex, 200, html.getBytes(StandardCharsets.UTF_8));
            } else if ("POST".equals(ex.getRequestMethod()) && report != null) {
                byte[] body = readBounded(ex.getRequestBody());
                report.complete(new String(body, StandardCharsets.UTF_8));
                send(ex, 204, null);
            } else {
                send(ex, 404, null); // e.g. /favicon.ico
            }
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REPORT_BYTES + 1);
        if (body.length > MAX_REPORT_BYTES) {
            throw new IOException("page report over " + MAX_REPORT_BYTES + " bytes");
        }
        return body;
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }

    /** A served page: where the browser should go, and the report it will POST. */
    record Page(URI url, CompletableFuture<String> report) {
        /** The page's report, or an {@link AssertionError} naming {@code context} after {@code within}. */
        String awaitReport(Duration within, java.util.function.Supplier<String> context) {
            try {
                return report.get(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("no report from " + url + " within " + within + "; " + context.get());
            } catch (ExecutionException e) {
                throw new AssertionError("report from " + url + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + url, e);
            }
        }
    }
}
