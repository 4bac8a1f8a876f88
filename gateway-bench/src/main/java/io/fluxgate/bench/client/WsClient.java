package io.fluxgate.bench.client;

import io.fluxgate.bench.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Netty bootstrap (epoll when available) for many WebSocket client channels. Sockets are bound round-robin to
 * loopback source addresses 127.0.0.B .. 127.0.0.(B+K-1), each with its own ~28k ephemeral ports.
 */
public final class WsClient implements AutoCloseable {
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Target target;
    private final InetAddress[] sources;
    private final AtomicLong next = new AtomicLong();
    private final int handshakeTimeoutMs;

    public WsClient(Target target, int threads, int sourceBase, int sourceCount, int handshakeTimeoutMs) {
        this.target = Objects.requireNonNull(target, "target");
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-io", true), io);
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, handshakeTimeoutMs);
        this.sources = sources(target, sourceBase, sourceCount);
    }

    /** Source addresses for IPv4 loopback targets; IPv6 (::1) has a single loopback address, so none are forced. */
    static InetAddress[] sources(Target target, int base, int count) {
        if (!(target.address().getAddress() instanceof java.net.Inet4Address) || count <= 0) {
            return new InetAddress[0];
        }
        InetAddress[] out = new InetAddress[count];
        for (int i = 0; i < count; i++) {
            int n = base + i;
            try {
                out[i] = InetAddress.getByAddress(new byte[] {127, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public static String transport() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Opens one protocol connection with {@code query} appended to the target URL. */
    public CompletableFuture<WsConnection> connect(String query, WsConnection.Listener listener) {
        return connect(target.withQuery(query), listener, false);
    }

    /** Opens one connection to any RFC 6455 server; it is open after the handshake, frames come as raw text. */
    public CompletableFuture<WsConnection> connectRaw(WsConnection.Listener listener) {
        return connect(target.uri(), listener, true);
    }

    private CompletableFuture<WsConnection> connect(URI uri, WsConnection.Listener listener, boolean raw) {
        WsConnection conn = new WsConnection(listener, raw);
        WebSocketClientProtocolConfig cfg = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .customHeaders(new DefaultHttpHeaders())
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(handshakeTimeoutMs)
                .handleCloseFrames(false)
                .build();
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                        new WebSocketClientProtocolHandler(cfg), new WebSocketFrameAggregator(MAX_FRAME), conn);
            }
        });
        InetSocketAddress remote = target.address();
        var future = sources.length == 0 ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(sources[(int) (next.getAndIncrement() % sources.length)], 0));
        future.addListener(f -> {
            if (!f.isSuccess()) {
                conn.opened().completeExceptionally(ConnectFailure.of(f.cause()));
            }
        });
        return conn.opened();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Closes connections with the WebSocket close handshake, waiting up to {@code max} for the server's answers;
     * whatever is still open then is cut.
     */
    public static void closeAll(Iterable<WsConnection> conns, java.time.Duration max) {
        java.util.List<io.netty.channel.ChannelFuture> closing = new java.util.ArrayList<>();
        for (WsConnection c : conns) {
            io.netty.channel.ChannelFuture f = c.close();
            if (f != null) {
                closing.add(f);
            }
        }
        long deadline = System.nanoTime() + max.toNanos();
        for (io.netty.channel.ChannelFuture f : closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                f.channel().close();
            }
        }
    }

    /** As {@link #closeAll(Iterable, java.time.Duration)} with 10 s for the handshakes. */
    public static void closeAll(Iterable<WsConnection> conns) {
        closeAll(conns, java.time.Duration.ofSeconds(10));
    }
}
