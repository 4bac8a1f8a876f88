package io.fluxgate.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** One baseline connection: decodes each text frame with Jackson (as the gateway does) and answers. */
final class BaselineHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BaselineChannels channels;
    private final Set<BaselineChannels.Topic> subscribed = new HashSet<>();
    private String client = "anonymous";

    BaselineHandler(BaselineChannels channels) {
        this.channels = channels;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete hc) {
            String uri = hc.requestUri();
            int i = uri.indexOf("client=");
            if (i >= 0) {
                int end = uri.indexOf('&', i);
                client = uri.substring(i + 7, end < 0 ? uri.length() : end).replaceAll("[^A-Za-z0-9_.:@=-]", "");
            }
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"welcome\",\"session\":\"" + ctx.channel().id().asShortText()
                    + "\",\"client\":\"" + client + "\",\"protocol\":1,\"heartbeatMs\":0,\"limits\":{}}"));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws IOException {
        JsonNode m = JSON.readTree(frame.text());
        String type = m.path("type").asText();
        String id = m.has("id") ? ",\"id\":" + m.get("id") : "";
        switch (type) {
            case "ping" -> ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"pong\"" + id + ",\"ts\":" + m.path("ts")
                    + "}"), ctx.voidPromise());
            case "subscribe" -> {
                BaselineChannels.Topic t = channels.topic(m.path("channel").asText());
                JsonNode since = m.path("since");
                boolean hasSince = since.isObject();
                boolean sameEpoch = hasSince && channels.epoch.equals(since.path("epoch").asText());
                if (!subscribed.add(t)) {
                    reply(ctx, "{\"type\":\"subscribed\"" + id + ",\"channel\":\"" + t.name + "\",\"seq\":" + t.seq()
                            + ",\"epoch\":\"" + channels.epoch + "\"}");
                    return;
                }
                long[] seq = {0};
                boolean[] recovered = {false};
                t.subscribe(ctx.channel(), since.path("seq").asLong(), sameEpoch, () -> {
                    seq[0] = t.seq();
                    recovered[0] = sameEpoch && since.path("seq").asLong() <= seq[0]
                            && seq[0] - since.path("seq").asLong() < BaselineChannels.HISTORY;
                    ctx.write(new TextWebSocketFrame("{\"type\":\"subscribed\"" + id + ",\"channel\":\"" + t.name
                            + "\",\"seq\":" + seq[0] + ",\"epoch\":\"" + channels.epoch + "\""
                            + (hasSince ? ",\"recovered\":" + recovered[0] : "") + "}"), ctx.voidPromise());
                });
            }
            case "publish" -> {
                BaselineChannels.Topic t = channels.topic(m.path("channel").asText());
                long seq = t.publish(m.path("data").toString(), client);
                reply(ctx, "{\"type\":\"ack\"" + id + ",\"channel\":\"" + t.name + "\",\"seq\":" + seq + "}");
            }
            default -> reply(ctx, "{\"type\":\"error\"" + id + ",\"code\":\"unknown_type\",\"message\":\"baseline: "
                    + "ping, subscribe and publish only\"}");
        }
    }

    private static void reply(ChannelHandlerContext ctx, String json) {
        ctx.writeAndFlush(new TextWebSocketFrame(json), ctx.voidPromise());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (BaselineChannels.Topic t : subscribed) {
            t.subscribers.remove(ctx.channel());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
