package io.fluxgate.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.fluxgate.broker.ChannelEvent;
import io.fluxgate.broker.ChannelInfo;
import io.fluxgate.broker.HistoryPage;
import io.fluxgate.broker.Publication;
import io.fluxgate.channel.ChannelName;
import io.fluxgate.protocol.ClientCommand;
import io.fluxgate.protocol.CloseStatus;
import io.fluxgate.protocol.Decoded;
import io.fluxgate.protocol.EnvelopeCodec;
import io.fluxgate.protocol.ErrorCode;
import io.fluxgate.server.ws.ClientIpResolver;
import io.fluxgate.server.ws.OpenAuthenticator;
import io.fluxgate.session.GatewayServices;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The server HTTP API for backends under {@code /api/} (docs/PROTOCOL.md §12): publish, disconnect, channels and
 * history. Access is checked first (401), then the route (404), the body size (413) and the fields (400).
 * Publishes are not charged to any client's rate limit and ignore the namespaces' WebSocket rules.
 * Everything stays on the event loop without blocking: bodies are small and the broker is reactive.
 */
public final class ApiHandler {
    /** Route prefix: every path under it belongs to this handler, unknown ones answer 404 JSON. */
    public static final String PREFIX = "/api/";
    static final int DEFAULT_HISTORY_LIMIT = 100;
    static final int MAX_HISTORY_LIMIT = 1000;
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final EnvelopeCodec CODEC = EnvelopeCodec.get();
    /** Stands for a caller without a socket address: not loopback, so the keyless API refuses it. */
    private static final InetAddress UNKNOWN_PEER = io.fluxgate.config.Cidr.address("0.0.0.0");

    private final GatewayServices services;
    private final ClientIpResolver ips;
    private final ApiAccess access;
    private final int maxBodyBytes;

    public ApiHandler(GatewayServices services, ClientIpResolver ips) {
        this.services = services;
        this.ips = ips;
        this.access = new ApiAccess(services.config().auth());
        this.maxBodyBytes = services.config().limits().maxApiBodyBytes();
    }

    /** Whether a request belongs to the API (for the route table). */
    public static boolean matches(HttpServerRequest req) {
        String uri = req.uri();
        return uri.startsWith(PREFIX) || uri.equals("/api") || uri.startsWith("/api?");
    }

    /** The route handler for every {@code /api/*} request. */
    public Mono<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        InetSocketAddress peer = (InetSocketAddress) req.connectionRemoteAddress();
        // No peer address (not a TCP socket): nothing proves the caller is local.
        InetAddress ip = peer == null || peer.getAddress() == null ? UNKNOWN_PEER
                : ips.resolve(peer.getAddress(), req.requestHeaders());
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        Mono<Void> answer;
        try {
            ApiException denied = access.check(req.requestHeaders(), ip);
            if (denied != null) {
                log.warn("api request refused: {} {} (client ip {})", denied.status().code(), denied.getMessage(),
                        ip.getHostAddress());
                throw denied;
            }
            answer = route(req.method(), uri, req, res);
        } catch (ApiException e) {
            answer = Mono.error(e);
        }
        return answer
                .onErrorResume(ApiException.class, e -> error(res, e))
                .onErrorResume(e -> {
                    log.warn("api {} {} failed", req.method(), uri.path(), e);
                    return error(res, new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error",
                            "the gateway failed to answer; retry with backoff"));
                });
    }

    private Mono<Void> route(HttpMethod method, QueryStringDecoder uri, HttpServerRequest req,
                             HttpServerResponse res) {
        String path = uri.path();
        if (method.equals(HttpMethod.POST) && path.equals("/api/publish")) {
            return jsonBody(req).flatMap(body -> publish(body, res));
        } else if (method.equals(HttpMethod.POST) && path.equals("/api/disconnect")) {
            return jsonBody(req).flatMap(body -> disconnect(body, res));
        } else if (method.equals(HttpMethod.GET) && path.equals("/api/channels")) {
            return channels(res);
        } else if (method.equals(HttpMethod.GET) && path.equals("/api/history")) {
            return history(uri.parameters(), res);
        }
        throw ApiException.notFound("no endpoint " + method + " " + printable(path) + " (expected: POST /api/publish,"
                + " POST /api/disconnect, GET /api/channels, GET /api/history)");
    }

    private Mono<Void> publish(ObjectNode body, HttpServerResponse res) {
        Decoded decoded = CODEC.readCommand("publish", body);
        if (decoded instanceof Decoded.Failure f) {
            throw ApiException.badRequest(f.code().wireName(), f.message());
        }
        ClientCommand.Publish p = (ClientCommand.Publish) ((Decoded.Command) decoded).command();
        ChannelName name = channel(p.channel());
        return services.broker().publish(new Publication(name.value(), p.data(), p.event(), p.key(), null))
                .flatMap(r -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("channel", r.channel());
                    out.put("seq", r.seq());
                    out.put("epoch", r.epoch());
                    return json(res, HttpResponseStatus.OK, out);
                });
    }

    private Mono<Void> disconnect(ObjectNode body, HttpServerResponse res) {
        JsonNode client = body.get("client");
        if (client == null || client.isNull()) {
            throw invalid("client is required");
        }
        if (!client.isTextual() || !OpenAuthenticator.CLIENT_ID.matcher(client.textValue()).matches()) {
            throw invalid("client must be a client id: 1..64 chars of [A-Za-z0-9_.@=-]");
        }
        JsonNode codeNode = body.get("code");
        int code = 4003;
        if (codeNode != null && !codeNode.isNull()) {
            if (!codeNode.isIntegralNumber() || !codeNode.canConvertToInt() || codeNode.intValue() < 4000
                    || codeNode.intValue() > 4999) {
                throw invalid("code must be an integer in 4000..4999");
            }
            code = codeNode.intValue();
        }
        JsonNode reasonNode = body.get("reason");
        String reason = null;
        if (reasonNode != null && !reasonNode.isNull()) {
            if (!reasonNode.isTextual()
                    || reasonNode.textValue().getBytes(StandardCharsets.UTF_8).length > CloseStatus.MAX_REASON_BYTES) {
                throw invalid("reason must be a string of at most " + CloseStatus.MAX_REASON_BYTES + " UTF-8 bytes");
            }
            reason = reasonNode.textValue();
        }
        int n = services.registry().disconnect(client.textValue(), CloseStatus.disconnect(code, reason));
        log.info("api: disconnected {} session(s) of client {} with {}", n, client.textValue(), code);
        return json(res, HttpResponseStatus.OK, Map.of("disconnected", n));
    }

    private Mono<Void> channels(HttpServerResponse res) {
        return services.broker().channels().flatMap(list -> json(res, HttpResponseStatus.OK, list.stream()
                .sorted(Comparator.comparing(ChannelInfo::channel))
                .map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("channel", c.channel());
                    m.put("subscribers", c.subscribers());
                    m.put("seq", c.seq());
                    m.put("epoch", c.epoch());
                    return m;
                })
                .toList()));
    }

    private Mono<Void> history(Map<String, List<String>> params, HttpServerResponse res) {
        String channel = param(params, "channel");
        if (channel == null) {
            throw invalid("channel is required (?channel=…)");
        }
        ChannelName name = channel(channel);
        long since = number(params, "since", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(params, "limit", 1, MAX_HISTORY_LIMIT, DEFAULT_HISTORY_LIMIT);
        return services.broker().history(name.value(), since, limit)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no channel " + name.value() + " on this node")))
                .flatMap(page -> json(res, HttpResponseStatus.OK, historyBody(page)));
    }

    /** The events as the very envelopes subscribers received, spliced in without re-encoding. */
    private static Map<String, Object> historyBody(HistoryPage page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("epoch", page.epoch());
        List<RawValue> events = page.events().stream()
                .map(ChannelEvent::wire)
                .map(w -> new RawValue(new String(w, StandardCharsets.UTF_8)))
                .toList();
        out.put("events", events);
        return out;
    }

    private Mono<ObjectNode> jsonBody(HttpServerRequest req) {
        // Any Content-Type: the body is read as JSON whatever it claims (curl -d sends a form type).
        return ApiBody.read(req, maxBodyBytes).map(bytes -> {
            JsonNode node;
            try {
                node = CODEC.readTree(bytes);
            } catch (IOException e) {
                throw ApiException.badRequest(ErrorCode.INVALID_JSON.wireName(), "the body is not valid JSON");
            }
            if (!(node instanceof ObjectNode o)) {
                throw invalid("the body must be one JSON object");
            }
            return o;
        });
    }

    private static ChannelName channel(String value) {
        ChannelName name = ChannelName.parse(value);
        if (name == null) {
            throw ApiException.badRequest(ErrorCode.INVALID_CHANNEL.wireName(), ChannelName.rules());
        }
        return name;
    }

    private static long number(Map<String, List<String>> params, String name, long min, long max, long fallback) {
        String v = param(params, name);
        if (v == null) {
            return fallback;
        }
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(v) < min || Long.parseLong(v) > max) {
            throw invalid(name + " must be an integer in " + min + ".." + max);
        }
        return Long.parseLong(v);
    }

    private static String param(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(ErrorCode.INVALID_MESSAGE.wireName(), message);
    }

    private static Mono<Void> error(HttpServerResponse res, ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", e.code());
        body.put("message", e.getMessage());
        if (e.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
            res.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"fluxgate-api\"");
        }
        return json(res, e.status(), body);
    }

    private static Mono<Void> json(HttpServerResponse res, HttpResponseStatus status, Object body) {
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendByteArray(Mono.just(CODEC.write(body)))
                .then();
    }

    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
