package io.fluxgate.bench.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Streaming decode of server frames (one envelope, or a JSON array of them for batch=true) into {@link Inbound}s. */
public final class WireReader {
    private static final JsonFactory JSON = new JsonFactory();

    private WireReader() {
    }

    /** Decodes one text frame; an array yields its envelopes in order. */
    public static List<Inbound> read(byte[] utf8, int off, int len) throws IOException {
        try (JsonParser p = JSON.createParser(utf8, off, len)) {
            JsonToken first = p.nextToken();
            List<Inbound> out = new ArrayList<>(1);
            if (first == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    out.add(object(p));
                }
            } else if (first == JsonToken.START_OBJECT) {
                out.add(object(p));
            } else {
                throw new IOException("frame is neither a JSON object nor an array");
            }
            return out;
        }
    }

    public static List<Inbound> read(String text) throws IOException {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return read(b, 0, b.length);
    }

    private static Inbound object(JsonParser p) throws IOException {
        String type = null;
        String channel = null;
        String epoch = null;
        String code = null;
        Boolean recovered = null;
        long id = Inbound.NONE;
        long ts = Inbound.NONE;
        long seq = Inbound.NONE;
        long dataT = Inbound.NONE;
        long dataP = Inbound.NONE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "type" -> type = p.getValueAsString();
                case "channel" -> channel = p.getValueAsString();
                case "epoch" -> epoch = p.getValueAsString();
                case "code" -> code = p.getValueAsString();
                case "recovered" -> recovered = v == JsonToken.VALUE_TRUE ? Boolean.TRUE
                        : v == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                case "id" -> id = number(p, v);
                case "ts" -> ts = number(p, v);
                case "seq" -> seq = number(p, v);
                case "data" -> {
                    if (v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String d = p.currentName();
                            JsonToken dv = p.nextToken();
                            if ("t".equals(d)) {
                                dataT = number(p, dv);
                            } else if ("p".equals(d)) {
                                dataP = number(p, dv);
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Inbound(type, id, ts, channel, seq, epoch, recovered, code, dataT, dataP);
    }

    private static long number(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (v == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                return Inbound.NONE;
            }
        }
        p.skipChildren();
        return Inbound.NONE;
    }
}
