package io.fluxgate.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Writes the fields of each server message type, in the order docs/PROTOCOL.md shows them. */
final class MessageWriter {
    private MessageWriter() {
    }

    static void write(JsonGenerator g, ServerMessage message, ObjectMapper mapper) throws IOException {
        if (message instanceof ServerMessage.Welcome w) {
            g.writeStringField("type", "welcome");
            g.writeStringField("session", w.session());
            g.writeStringField("client", w.client());
            g.writeNumberField("protocol", w.protocol());
            g.writeNumberField("heartbeatMs", w.heartbeatMs());
            g.writeObjectFieldStart("limits");
            g.writeNumberField("maxMessageBytes", w.maxMessageBytes());
            g.writeNumberField("ratePerSecond", w.ratePerSecond());
            g.writeNumberField("burst", w.burst());
            g.writeEndObject();
        } else if (message instanceof ServerMessage.Subscribed s) {
            type(g, "subscribed", s.id());
            g.writeStringField("channel", s.channel());
            g.writeNumberField("seq", s.seq());
            g.writeStringField("epoch", s.epoch());
            if (s.recovered() != null) {
                g.writeBooleanField("recovered", s.recovered());
            }
        } else if (message instanceof ServerMessage.Unsubscribed u) {
            type(g, "unsubscribed", u.id());
            g.writeStringField("channel", u.channel());
        } else if (message instanceof ServerMessage.Ack a) {
            type(g, "ack", a.id());
            g.writeStringField("channel", a.channel());
            g.writeNumberField("seq", a.seq());
        } else if (message instanceof ServerMessage.Pong p) {
            type(g, "pong", p.id());
            if (p.ts() != null) {
                g.writeFieldName("ts");
                mapper.writeTree(g, p.ts());
            }
        } else if (message instanceof ServerMessage.Refreshed r) {
            type(g, "refreshed", r.id());
            g.writeNumberField("exp", r.exp());
        } else if (message instanceof ServerMessage.Error e) {
            type(g, "error", e.id());
            g.writeStringField("code", e.code().wireName());
            g.writeStringField("message", e.message());
            if (e.retryAfterMs() != null) {
                g.writeNumberField("retryAfterMs", e.retryAfterMs());
            }
        }
    }

    private static void type(JsonGenerator g, String type, MessageId id) throws IOException {
        g.writeStringField("type", type);
        if (id != null) {
            g.writeFieldName("id");
            if (id.numeric()) {
                g.writeNumber(id.text());
            } else {
                g.writeString(id.text());
            }
        }
    }
}
