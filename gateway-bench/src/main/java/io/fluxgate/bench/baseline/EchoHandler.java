package io.fluxgate.bench.baseline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** baseline-server --echo: sends every text frame back unchanged (a plain RFC 6455 echo server for raw-echo). */
final class EchoHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    EchoHandler() {
        super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        ctx.writeAndFlush(frame, ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
