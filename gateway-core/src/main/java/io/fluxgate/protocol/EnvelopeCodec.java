package io.fluxgate.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one place that turns bytes into typed commands and typed messages into bytes (UTF-8 JSON).
 *
 * <p>Decoding never throws: a bad frame becomes a {@link Decoded.Failure} carrying the error code
 * to answer with. Limits: nesting depth {@value #MAX_NESTING}, numbers of at most
 * {@value #MAX_NUMBER_CHARS} characters, duplicate keys and trailing tokens are invalid JSON.
 * Numbers round-trip exactly (big integers and decimals are kept as written).
 */
public final class EnvelopeCodec {
    /** Deepest accepted object/array nesting of a frame. */
    public static final int MAX_NESTING = 64;
    /** Longest accepted number literal. */
    public static final int MAX_NUMBER_CHARS = 1000;

    private static final EnvelopeCodec INSTANCE = new EnvelopeCodec();

    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final JsonFactory factory;

    private EnvelopeCodec() {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Emoji and other non-BMP characters as 4 raw UTF-8 bytes, not a 12-byte escaped surrogate pair.
                .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
        this.mapper = JsonMapper.builder(f)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                // Decimals stay digit for digit. Integers need no flag: the parser already picks int, long or
                // BigInteger by size, so they are exact without turning every seq and ts into a BigInteger.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.reader = mapper.reader();
        this.factory = mapper.getFactory();
    }

    /** The shared, immutable codec. */
    public static EnvelopeCodec get() {
        return INSTANCE;
    }

    /**
     * Decodes one client frame.
     *
     * @param utf8 the frame's payload
     * @return the command, or the error to send back
     */
    public Decoded decode(byte[] utf8) {
        if (isBlank(utf8)) {
            return new Decoded.Failure(null, ErrorCode.INVALID_MESSAGE, "empty frame");
        }
        if (notUtf8(utf8)) {
            return new Decoded.Failure(null, ErrorCode.INVALID_JSON, "not valid JSON: a frame must be UTF-8");
        }
        JsonNode root;
        try {
            root = reader.readTree(utf8);
        } catch (StreamConstraintsException e) {
            return new Decoded.Failure(null, ErrorCode.INVALID_JSON, "JSON over limits: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return new Decoded.Failure(null, ErrorCode.INVALID_JSON, "not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            return new Decoded.Failure(null, ErrorCode.INVALID_JSON, "not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            return new Decoded.Failure(null, ErrorCode.INVALID_MESSAGE, "empty frame");
        }
        if (!root.isObject()) {
            return new Decoded.Failure(null, ErrorCode.INVALID_MESSAGE,
                    "a frame must be one JSON object, got " + root.getNodeType().name().toLowerCase());
        }
        return CommandReader.read(root);
    }

    /**
     * Reads the fields of a server-API body as the command {@code type} (e.g. {@code POST /api/publish} as a
     * {@code publish}), with the same field rules as a WebSocket frame; the body's own {@code type} and
     * {@code id}, if any, are ignored.
     *
     * @param body a JSON object already parsed with {@link #readTree}; it is not modified
     */
    public Decoded readCommand(String type, ObjectNode body) {
        ObjectNode root = body.deepCopy();
        root.remove("id");
        root.put("type", type);
        return CommandReader.read(root);
    }

    /** Encodes a reply or error envelope. */
    public byte[] encode(ServerMessage message) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            MessageWriter.write(g, message, mapper);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Encodes an {@code event} envelope; the broker does this once per event for all subscribers.
     *
     * @param event the event name, or null
     * @param from the publishing client id, or null (server API)
     */
    public byte[] encodeEvent(String channel, long seq, String epoch, String event, JsonNode data, String from,
                              long ts) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "event");
            g.writeStringField("channel", channel);
            g.writeNumberField("seq", seq);
            g.writeStringField("epoch", epoch);
            if (event != null) {
                g.writeStringField("event", event);
            }
            g.writeFieldName("data");
            mapper.writeTree(g, data);
            if (from != null) {
                g.writeStringField("from", from);
            }
            g.writeNumberField("ts", ts);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Parses a JSON body of the server HTTP API into a tree; throws on anything that is not JSON. */
    public JsonNode readTree(byte[] utf8) throws IOException {
        return reader.readTree(utf8);
    }

    /** Writes a plain value (records, maps, lists, JsonNodes) as JSON; for the HTTP API and logs. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON string node factory for callers that build {@code data} (e.g. the log channel). */
    public JsonNode valueToTree(Map<String, ?> value) {
        return mapper.valueToTree(value);
    }

    private static boolean isBlank(byte[] b) {
        for (byte x : b) {
            if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * Jackson would detect UTF-16 or UTF-32 from a zero byte or a UTF-16 byte-order mark in the first four bytes
     * and parse the frame anyway; the protocol is UTF-8, where neither can start a JSON text.
     */
    private static boolean notUtf8(byte[] b) {
        for (int i = 0; i < Math.min(4, b.length); i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return b.length >= 2 && (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF || b[0] == (byte) 0xFF && b[1] == (byte) 0xFE);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

}
