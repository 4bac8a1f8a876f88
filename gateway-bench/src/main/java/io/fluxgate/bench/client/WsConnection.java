package io.fluxgate.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One client WebSocket: completes {@link #opened()} on the server's first frame ({@code welcome}, or any frame from
 * a plain echo server), then hands every decoded envelope to its {@link Listener} on the channel's event loop.
 */
public final class WsConnection extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** Callbacks, all on the connection's event loop. */
    public interface Listener {
        /** One text frame: {@code batch} envelopes (1 unless the server sent a JSON array). */
        default void onFrame(WsConnection c, int batch, long nanos) {
        }

        void onMessage(WsConnection c, Inbound m, long nanos);

        /** A raw text frame, for echo servers that do not speak the protocol. */
        default void onText(WsConnection c, String text, long nanos) {
        }

        default void onClose(WsConnection c, int closeCode) {
        }
    }

    private final CompletableFuture<WsConnection> opened = new CompletableFuture<>();
    private final boolean raw;
    private final long startNanos;
    private volatile Listener listener;
    private volatile Channel channel;
    private volatile int closeCode = -1;
    private volatile boolean handshaken;
    private volatile boolean closeSent;
    private long openNanos;
    private int decodeErrors;

    WsConnection(Listener listener, boolean raw) {
        this.listener = listener;
        this.raw = raw;
        this.startNanos = System.nanoTime();
    }

    public CompletableFuture<WsConnection> opened() {
        return opened;
    }

    /** Nanoseconds from connect() to the first server frame (raw mode: to the completed handshake). */
    public long connectNanos() {
        return openNanos - startNanos;
    }

    public Channel channel() {
        return channel;
    }

    public Listener listener() {
        return listener;
    }

    public void listener(Listener l) {
        this.listener = l;
    }

    /** The status code of the server's close frame, -1 if none came. */
    public int closeCode() {
        return closeCode;
    }

    public int decodeErrors() {
        return decodeErrors;
    }

    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive() && opened.isDone() && !opened.isCompletedExceptionally();
    }

    /** Writes and flushes one text frame; false if the socket is gone. */
    public boolean send(String text) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return false;
        }
        ch.writeAndFlush(new TextWebSocketFrame(text), ch.voidPromise());
        return true;
    }

    public boolean writable() {
        Channel ch = channel;
        return ch != null && ch.isWritable();
    }

    /**
     * Graceful WebSocket close: sends close 1000 and closes the socket when the server's close frame arrives
     * (RFC 6455 section 5.5.1); the returned future completes when the socket is closed.
     */
    public io.netty.channel.ChannelFuture close() {
        Channel ch = channel;
        if (ch == null) {
            return null;
        }
        if (ch.isActive() && !closeSent) {
            closeSent = true;
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "bench done"));
        }
        return ch.closeFuture();
    }

    /** Abrupt close: TCP RST (SO_LINGER 0), no close frame, as a crashed client or a cut network would. */
    public void drop() {
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(() -> {
                if (ch.isOpen()) {
                    ch.config().setOption(ChannelOption.SO_LINGER, 0);
                    ch.close();
                }
            });
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            handshaken = true;
            if (raw) {
                open();
            }
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            opened.completeExceptionally(new ConnectFailure("handshake timeout"));
        }
        super.userEventTriggered(ctx, evt);
    }

    private void open() {
        openNanos = System.nanoTime();
        opened.complete(this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        long now = System.nanoTime();
        if (frame instanceof CloseWebSocketFrame close) {
            closeCode = close.statusCode();
            if (closeSent) {
                ctx.close();
            } else {
                // The server closes: answer with a close frame, then the socket goes.
                closeSent = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, null)).addListener(f -> ctx.close());
            }
            return;
        }
        if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame)) {
            return;
        }
        ByteBuf buf = frame.content();
        Listener l = listener;
        if (raw) {
            if (!opened.isDone()) {
                open();
            }
            l.onText(this, buf.toString(java.nio.charset.StandardCharsets.UTF_8), now);
            return;
        }
        List<Inbound> msgs;
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), bytes);
            msgs = WireReader.read(bytes, 0, bytes.length);
        } catch (java.io.IOException e) {
            decodeErrors++;
            return;
        }
        if (!opened.isDone()) {
            open();
        }
        l.onFrame(this, msgs.size(), now);
        for (Inbound m : msgs) {
            l.onMessage(this, m, now);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Only a connection that opened can close "unexpectedly"; a failed handshake is a connect failure.
        boolean wasOpen = opened.isDone() && !opened.isCompletedExceptionally();
        opened.completeExceptionally(new ConnectFailure(handshaken ? "closed before welcome" : "closed during handshake"));
        Listener l = listener;
        if (l != null && wasOpen) {
            l.onClose(this, closeCode);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        opened.completeExceptionally(ConnectFailure.of(cause));
        ctx.close();
    }
}
