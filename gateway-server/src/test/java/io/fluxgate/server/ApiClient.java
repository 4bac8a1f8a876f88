package io.fluxgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Calls the gateway's server HTTP API like a backend would (JDK HttpClient, JSON bodies). */
final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response with its parsed JSON body. */
    record Answer(int status, JsonNode json, String body) {
    }

    private final int port;
    private final String key;

    /** @param key the API key to send as a bearer token, or null for none */
    ApiClient(int port, String key) {
        this.port = port;
        this.key = key;
    }

    Answer post(String path, String body) {
        return post(path, body, Map.of("Content-Type", "application/json"));
    }

    Answer post(String path, String body, Map<String, String> headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer get(String path) {
        return get(path, Map.of());
    }

    Answer get(String path, Map<String, String> headers) {
        return send(request(path, headers).GET());
    }

    /** A JSON object from alternating keys and values. */
    static String json(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        try {
            return TestClient.JSON.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        headers.forEach(b::header);
        return b;
    }

    private static Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : TestClient.JSON.readTree(r.body());
            return new Answer(r.statusCode(), json, r.body());
        } catch (Exception e) {
            throw new IllegalStateException("API call failed", e);
        }
    }
}
