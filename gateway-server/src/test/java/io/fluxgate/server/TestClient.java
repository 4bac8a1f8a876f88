package io.fluxgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real WebSocket client for integration tests: the JDK's {@code java.net.http.WebSocket}, an implementation
 * independent of Netty. Frames the server sends are queued as parsed JSON (arrays from batching clients are
 * kept whole in {@link #frames}, and flattened in {@link #next}).
 */
public final class TestClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> pendingFlat = new ArrayList<>();
    private final List<JsonNode> backlog = new ArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket ws;
    private volatile boolean paused;
    private volatile int received;

    private TestClient(URI uri, Map<String, String> headers) throws WebSocketHandshakeException {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        try {
            ws = b.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw h;
            }
            throw new IllegalStateException("connect failed: " + uri, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("connect timed out: " + uri, e);
        }
    }

    /** Connects to {@code ws://127.0.0.1:port/ws?query}. */
    public static TestClient connect(int port, String query) {
        return connect(port, query, Map.of());
    }

    public static TestClient connect(int port, String query, Map<String, String> headers) {
        try {
            return new TestClient(uri(port, query), headers);
        } catch (WebSocketHandshakeException e) {
            throw new IllegalStateException("handshake refused: HTTP " + e.getResponse().statusCode(), e);
        }
    }

    /** The HTTP status of a refused handshake, or 101 when it succeeds (the socket is then closed). */
    public static int handshakeStatus(int port, String query, Map<String, String> headers) {
        try (TestClient c = new TestClient(uri(port, query), headers)) {
            return 101;
        } catch (WebSocketHandshakeException e) {
            return e.getResponse().statusCode();
        }
    }

    static URI uri(int port, String query) {
        return URI.create("ws://127.0.0.1:" + port + "/ws" + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    /** Sends one text frame and waits until it is handed to the socket. */
    public TestClient send(String text) {
        ws.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** Sends a JSON object built from alternating keys and values. */
    public TestClient send(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        try {
            return send(JSON.writeValueAsString(m));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public TestClient sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** Sends a message split into several continuation frames. */
    public TestClient sendFragmented(String text, int parts) {
        int step = Math.max(1, text.length() / parts);
        for (int i = 0; i < text.length(); i += step) {
            boolean last = i + step >= text.length();
            ws.sendText(text.substring(i, Math.min(text.length(), i + step)), last)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            if (last) {
                break;
            }
        }
        return this;
    }

    /** The next server frame as sent (an array for a batch frame). */
    public JsonNode nextFrame() {
        try {
            JsonNode n = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(n).as("a frame within " + WAIT).isNotNull();
            return n;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next envelope not yet consumed (array frames flattened). */
    public JsonNode next() {
        if (!backlog.isEmpty()) {
            return backlog.remove(0);
        }
        return nextFresh();
    }

    private JsonNode nextFresh() {
        while (pendingFlat.isEmpty()) {
            JsonNode f = nextFrame();
            if (f instanceof ArrayNode a) {
                a.forEach(pendingFlat::add);
            } else {
                pendingFlat.add(f);
            }
        }
        return pendingFlat.remove(0);
    }

    /** The oldest unconsumed envelope of the given type; others stay queued for later calls. */
    public JsonNode next(String type) {
        return next(n -> type.equals(n.path("type").asText()));
    }

    public JsonNode next(Predicate<JsonNode> match) {
        for (int i = 0; i < backlog.size(); i++) {
            if (match.test(backlog.get(i))) {
                return backlog.remove(i);
            }
        }
        while (true) {
            JsonNode n = nextFresh();
            if (match.test(n)) {
                return n;
            }
            backlog.add(n);
        }
    }

    /** Envelopes of the given type, in arrival order, until {@code count} were seen. */
    public List<JsonNode> take(String type, int count) {
        List<JsonNode> out = new ArrayList<>();
        while (out.size() < count) {
            out.add(next(type));
        }
        return out;
    }

    /** True if nothing arrives within the window (used after the expected traffic was already awaited). */
    public boolean quietFor(Duration d) {
        if (!pendingFlat.isEmpty() || !backlog.isEmpty()) {
            return false;
        }
        try {
            return frames.poll(d.toMillis(), TimeUnit.MILLISECONDS) == null;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops asking for frames: the client stops reading and TCP backpressure builds up at the server. */
    public void pause() {
        paused = true;
    }

    /** Starts reading again. */
    public void resume() {
        paused = false;
        ws.request(1);
    }

    /** The close code the server sent, waiting for it. */
    public int awaitClose() {
        return awaitClose(WAIT);
    }

    public int awaitClose(Duration d) {
        try {
            return closeCode.get(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no close frame within " + d, e);
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        ws.abort();
    }

    /** Events received but not consumed yet. */
    public long backlogEvents() {
        return backlog.stream().filter(n -> "event".equals(n.path("type").asText())).count()
                + pendingFlat.stream().filter(n -> "event".equals(n.path("type").asText())).count();
    }

    public int received() {
        return received;
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the server may already be gone
            }
        }
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(text.toString()));
                    received++;
                } catch (Exception e) {
                    frames.add(JSON.getNodeFactory().textNode("UNPARSEABLE: " + text));
                }
                text.setLength(0);
            }
            if (!paused) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            return onText(webSocket, new String(b, StandardCharsets.UTF_8), last);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }
}
