package io.fluxgate.bench.baseline;

import io.fluxgate.bench.Target;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The floor of our own stack: raw Netty (epoll), the same JSON library, just enough protocol for the bench
 * (welcome, ping -> pong, subscribe with since-recovery, publish -> ack + broadcast with seq, and
 * {@code POST /api/publish}) and nothing else:
 * no rate limits, no outbound queues, no batching, no auth. The gateway's overhead is quoted against it.
 */
public final class BaselineServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;

    private BaselineServer(String host, int port, int threads, String path, boolean echo) {
        boolean epoll = Epoll.isAvailable();
        var io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("baseline-accept"), io);
        workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("baseline-io"), io);
        BaselineChannels channels = new BaselineChannels();
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(path).checkStartsWith(true).maxFramePayloadLength(1 << 20).build();
        server = new ServerBootstrap().group(boss, workers)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(ws), new BaselineApiHandler(channels),
                                echo ? new EchoHandler() : new BaselineHandler(channels));
                    }
                })
                .bind(host, port).syncUninterruptibly().channel();
    }

    /** Binds on a loopback host; port 0 picks a free one. */
    public static BaselineServer start(String host, int port, int threads) {
        return start(host, port, threads, false);
    }

    /** As {@link #start(String, int, int)}; {@code echo} makes it a plain echo server (every text frame back). */
    public static BaselineServer start(String host, int port, int threads, boolean echo) {
        Target.loopback(host, "host");
        return new BaselineServer(host, port, threads, "/ws", echo);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public void awaitClose() {
        server.closeFuture().syncUninterruptibly();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
