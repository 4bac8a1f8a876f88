package io.fluxgate.server.ws;

import io.fluxgate.channel.Principal;
import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.CloseStatus;
import io.fluxgate.session.ClientSession;
import io.fluxgate.session.GatewayServices;
import io.fluxgate.session.InboundFrame;
import io.fluxgate.session.OutboundFrame;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * {@code GET /ws}: checks the handshake before upgrading (auth, origin, limits), then adapts the socket to a
 * {@link ClientSession}: Netty frames in, one {@code sendObject} of frames out, close codes as the session says.
 */
public final class WebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(WebSocketHandler.class);
    /** How long a close frame may wait behind unread data before the socket is cut (slow consumers). */
    static final Duration CLOSE_LINGER = Duration.ofSeconds(5);

    private final GatewayServices services;
    private final HandshakeChecks checks;
    private final ConnectionGuard guard;
    private final WebsocketServerSpec spec;
    private final int maxFrameBytes;

    public WebSocketHandler(GatewayServices services, HandshakeChecks checks, ConnectionGuard guard) {
        this.services = services;
        this.checks = checks;
        this.guard = guard;
        this.maxFrameBytes = services.config().limits().maxFrameBytes();
        this.spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(maxFrameBytes)
                .handlePing(false)
                .build();
    }

    /** The route handler for the WebSocket path. */
    public Mono<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        String ip = checks.clientIp(req);
        if (!req.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            return reject(res, HandshakeRejection.of(HttpResponseStatus.UPGRADE_REQUIRED,
                    "this endpoint speaks WebSocket only"), ip);
        }
        HandshakeRejection screened = guard.screen(ip);
        if (screened != null) {
            return reject(res, screened, ip);
        }
        HandshakeRequest hr = HandshakeRequest.of(req.requestHeaders(), req.uri(), ip);
        Principal principal;
        try {
            HandshakeRejection pre = checks.beforeAuth(hr);
            if (pre != null) {
                return reject(res, pre, ip);
            }
            principal = checks.authenticator().authenticate(hr);
        } catch (AuthenticationException e) {
            return reject(res, HandshakeRejection.of(e.status(), e.getMessage()), ip);
        }
        HandshakeRejection full = guard.admit(ip);
        if (full != null) {
            return reject(res, full, ip);
        }
        boolean batch = "true".equals(hr.param("batch"));
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
            if (held.compareAndSet(true, false)) {
                guard.release(ip);
            }
        };
        // The slot is held for the whole session; sendWebsocket's own Mono ends with the handshake.
        return res.sendWebsocket((in, out) -> serve(in, out, principal, ip, batch).doFinally(s -> release.run()), spec)
                .doOnError(e -> release.run())
                .doOnCancel(release);
    }

    private Mono<Void> serve(WebsocketInbound in, WebsocketOutbound out, Principal principal, String ip,
                             boolean batch) {
        AtomicReference<Connection> conn = new AtomicReference<>();
        in.withConnection(conn::set);
        EventLoop loop = conn.get().channel().eventLoop();
        ClientSession session = new ClientSession(services, principal, ip, batch, loop);
        // The handshake is done and everything needed from it was read: Reactor Netty keeps the request for the
        // connection's whole life, so drop its headers (about 0.75 KB per idle connection, the token among them).
        in.headers().clear();
        log.debug("session {} opened: client {} from {}{}", session.id(), principal.clientId(), ip,
                principal.admin() ? " (admin)" : "");

        // One operator rather than peek + filter + map: fewer objects held for the connection's whole life.
        Flux<InboundFrame> frames = in.aggregateFrames(maxFrameBytes).receiveFrames()
                .<InboundFrame>handle((f, sink) -> {
                    session.touch();
                    if (f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame) {
                        // Copy out synchronously: Reactor Netty releases the buffer when onNext returns.
                        sink.next(new InboundFrame(ByteBufUtil.getBytes(f.content())));
                    }
                })
                .onErrorResume(TooLongFrameException.class, e -> {
                    session.close(CloseCode.MESSAGE_TOO_BIG, false);
                    return Mono.empty();
                });

        Mono<Void> inbound = session.run(frames);
        Mono<Void> sending = out.sendObject(Flux.from(session.outbound()).map(toFrame()))
                .then()
                .onErrorResume(e -> Mono.empty());
        // Exactly one close decision: an abrupt close cancels the sending at once; otherwise the close frame
        // follows the last queued frame (drain) or is skipped (the client closed first).
        Mono<CloseCode> closeCode = Mono.firstWithSignal(session.abruptClose(),
                sending.then(Mono.fromSupplier(session::closeCode)));
        // The kind decides when; the session's close status carries the frame (an API disconnect's own code).
        return Mono.when(inbound, closeCode.flatMap(code -> sendClose(out, conn.get(), session.closeStatus())));
    }

    private static Function<OutboundFrame, WebSocketFrame> toFrame() {
        return f -> f.ping() ? new PingWebSocketFrame() : new TextWebSocketFrame(Unpooled.wrappedBuffer(f.payload()));
    }

    /** The one place a session's close code becomes a close frame; a peer that never reads it is cut off. */
    private static Mono<Void> sendClose(WebsocketOutbound out, Connection conn, CloseStatus status) {
        if (status == null) {
            return Mono.empty();
        }
        return out.sendClose(status.code(), status.reason())
                .timeout(CLOSE_LINGER)
                .onErrorResume(e -> Mono.fromRunnable(conn::dispose));
    }

    private static Mono<Void> reject(HttpServerResponse res, HandshakeRejection r, String ip) {
        log.warn("handshake refused: {} {} (client ip {})", r.status().code(), r.reason(), ip);
        if (r.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
            res.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"fluxgate\"");
        }
        return res.status(r.status())
                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .sendString(Mono.just(r.reason() + "\n"))
                .then();
    }
}
