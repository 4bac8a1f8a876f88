package io.fluxgate.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The baseline's {@code POST /api/publish {channel, data}} answered by {@code {channel, seq, epoch}}, as in the
 * protocol's server API, so {@code broadcast --via api} has a floor too. Everything else that is not the WebSocket
 * upgrade gets 404.
 */
final class BaselineApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BaselineChannels channels;

    BaselineApiHandler(BaselineChannels channels) {
        this.channels = channels;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.method().equals(HttpMethod.POST) || !req.uri().startsWith("/api/publish")) {
            respond(ctx, req, HttpResponseStatus.NOT_FOUND, "{\"code\":\"not_found\",\"message\":\"baseline: POST "
                    + "/api/publish and GET /ws only\"}");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(req.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.path("channel").isTextual() || !body.has("data")) {
            respond(ctx, req, HttpResponseStatus.BAD_REQUEST,
                    "{\"code\":\"invalid_message\",\"message\":\"expected {channel, data}\"}");
            return;
        }
        BaselineChannels.Topic t = channels.topic(body.get("channel").asText());
        long seq = t.publish(body.get("data").toString(), "api");
        respond(ctx, req, HttpResponseStatus.OK, "{\"channel\":\"" + t.name + "\",\"seq\":" + seq + ",\"epoch\":\""
                + channels.epoch + "\"}");
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String json) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
