package io.fluxgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Encoding: every server message type, field presence and order as docs/PROTOCOL.md shows them. */
class MessageEncodingTest {
    private final EnvelopeCodec codec = EnvelopeCodec.get();

    private String encode(ServerMessage m) {
        return new String(codec.encode(m), StandardCharsets.UTF_8);
    }

    private static MessageId sid(String s) {
        return new MessageId(s, false);
    }

    @Test
    void welcome() {
        assertThat(encode(new ServerMessage.Welcome("3k2m", "alice", 1, 25000, 65536, 100, 200)))
                .isEqualTo("{\"type\":\"welcome\",\"session\":\"3k2m\",\"client\":\"alice\",\"protocol\":1,"
                        + "\"heartbeatMs\":25000,\"limits\":{\"maxMessageBytes\":65536,\"ratePerSecond\":100,\"burst\":200}}");
    }

    @Test
    void subscribedWithAndWithoutRecovered() {
        assertThat(encode(new ServerMessage.Subscribed(sid("s1"), "chat:lobby", 41, "1x9k", null)))
                .isEqualTo("{\"type\":\"subscribed\",\"id\":\"s1\",\"channel\":\"chat:lobby\",\"seq\":41,\"epoch\":\"1x9k\"}");
        assertThat(encode(new ServerMessage.Subscribed(sid("s2"), "chat:lobby", 41, "1x9k", true)))
                .isEqualTo("{\"type\":\"subscribed\",\"id\":\"s2\",\"channel\":\"chat:lobby\",\"seq\":41,\"epoch\":\"1x9k\","
                        + "\"recovered\":true}");
        assertThat(encode(new ServerMessage.Subscribed(null, "c", 0, "e", false)))
                .isEqualTo("{\"type\":\"subscribed\",\"channel\":\"c\",\"seq\":0,\"epoch\":\"e\",\"recovered\":false}");
    }

    @Test
    void unsubscribed() {
        assertThat(encode(new ServerMessage.Unsubscribed(sid("u1"), "chat:lobby")))
                .isEqualTo("{\"type\":\"unsubscribed\",\"id\":\"u1\",\"channel\":\"chat:lobby\"}");
        assertThat(encode(new ServerMessage.Unsubscribed(null, "c"))).isEqualTo("{\"type\":\"unsubscribed\",\"channel\":\"c\"}");
    }

    @Test
    void ackEchoesANumericIdAsANumber() {
        assertThat(encode(new ServerMessage.Ack(new MessageId("7", true), "chat:lobby", 42)))
                .isEqualTo("{\"type\":\"ack\",\"id\":7,\"channel\":\"chat:lobby\",\"seq\":42}");
        assertThat(encode(new ServerMessage.Ack(sid("7"), "c", 1))).isEqualTo("{\"type\":\"ack\",\"id\":\"7\",\"channel\":\"c\",\"seq\":1}");
        assertThat(encode(new ServerMessage.Ack(new MessageId("-12", true), "c", 1))).startsWith("{\"type\":\"ack\",\"id\":-12,");
    }

    @Test
    void pongWithTsAbsentNullAndStructured() throws IOException {
        assertThat(encode(new ServerMessage.Pong(null, null))).isEqualTo("{\"type\":\"pong\"}");
        ClientCommand.Ping nullTs = (ClientCommand.Ping) EnvelopeCodecTest.command("{\"type\":\"ping\",\"id\":\"p\",\"ts\":null}");
        assertThat(encode(new ServerMessage.Pong(nullTs.id(), nullTs.ts()))).isEqualTo("{\"type\":\"pong\",\"id\":\"p\",\"ts\":null}");
        JsonNode ts = codec.readTree("{\"a\":[1,\"x\"]}".getBytes(StandardCharsets.UTF_8));
        assertThat(encode(new ServerMessage.Pong(sid("p1"), ts))).isEqualTo("{\"type\":\"pong\",\"id\":\"p1\",\"ts\":{\"a\":[1,\"x\"]}}");
    }

    @Test
    void refreshed() {
        assertThat(encode(new ServerMessage.Refreshed(sid("r1"), 1763964600L)))
                .isEqualTo("{\"type\":\"refreshed\",\"id\":\"r1\",\"exp\":1763964600}");
    }

    @Test
    void errorWithAndWithoutIdAndRetryAfter() {
        assertThat(encode(ServerMessage.Error.of(null, ErrorCode.INVALID_JSON, "not valid JSON")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"invalid_json\",\"message\":\"not valid JSON\"}");
        assertThat(encode(new ServerMessage.Error(sid("m7"), ErrorCode.RATE_LIMITED, "rate limit exceeded", 10L)))
                .isEqualTo("{\"type\":\"error\",\"id\":\"m7\",\"code\":\"rate_limited\",\"message\":\"rate limit exceeded\","
                        + "\"retryAfterMs\":10}");
        assertThat(encode(ServerMessage.Error.of(sid("q"), ErrorCode.FORBIDDEN, "say \"no\"\n")))
                .isEqualTo("{\"type\":\"error\",\"id\":\"q\",\"code\":\"forbidden\",\"message\":\"say \\\"no\\\"\\n\"}");
    }

    @Test
    void everyErrorCodeHasItsWireName() {
        Map<ErrorCode, String> expected = Map.of(ErrorCode.INVALID_JSON, "invalid_json",
                ErrorCode.INVALID_MESSAGE, "invalid_message", ErrorCode.UNKNOWN_TYPE, "unknown_type",
                ErrorCode.TOO_LARGE, "too_large", ErrorCode.INVALID_CHANNEL, "invalid_channel",
                ErrorCode.FORBIDDEN, "forbidden", ErrorCode.NOT_SUBSCRIBED, "not_subscribed",
                ErrorCode.RATE_LIMITED, "rate_limited");
        assertThat(ErrorCode.values()).hasSize(expected.size());
        expected.forEach((code, wire) -> assertThat(encode(ServerMessage.Error.of(null, code, "m")))
                .contains("\"code\":\"" + wire + "\""));
    }

    @Test
    void closeCodesMatchTheContractTable() {
        assertThat(CloseCode.values()).extracting(CloseCode::code)
                .containsExactly(1000, 1001, 1008, 1009, 1011, 4001, 4003, 4009, 4010);
        assertThat(CloseCode.SLOW_CONSUMER.reconnect()).isTrue();
        assertThat(CloseCode.POLICY_VIOLATION.reconnect()).isFalse();
        for (CloseCode c : CloseCode.values()) {
            // RFC 6455 §5.5: a close frame's payload (2-byte code + reason) must fit in 125 bytes.
            assertThat(c.reason().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        }
    }

    @Test
    void eventEnvelopeFieldOrderWithOptionalFieldsPresentAndAbsent() throws IOException {
        JsonNode data = codec.readTree("{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(codec.encodeEvent("chat:lobby", 42, "1x9k", "msg", data, "bob", 1763961000000L),
                StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"event\",\"channel\":\"chat:lobby\",\"seq\":42,\"epoch\":\"1x9k\",\"event\":\"msg\","
                        + "\"data\":{\"text\":\"hello\"},\"from\":\"bob\",\"ts\":1763961000000}");
        assertThat(new String(codec.encodeEvent("alerts:ops", 3, "5tq", null, data, null, 7), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"event\",\"channel\":\"alerts:ops\",\"seq\":3,\"epoch\":\"5tq\","
                        + "\"data\":{\"text\":\"hello\"},\"ts\":7}");
    }

    @Test
    void eventDataMayBeJsonNull() {
        JsonNode data = ((ClientCommand.Publish) EnvelopeCodecTest.command(
                "{\"type\":\"publish\",\"channel\":\"c\",\"data\":null}")).data();
        assertThat(new String(codec.encodeEvent("c", 1, "e", null, data, null, 0), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"event\",\"channel\":\"c\",\"seq\":1,\"epoch\":\"e\",\"data\":null,\"ts\":0}");
    }

    @Test
    void unicodeAndNestedDataRoundTripThroughTheEvent() throws IOException {
        String data = "{\"text\":\"h\u00e9llo \u4e16\u754c \uD83D\uDE00 \\u0000 \\\"q\\\" \\\\ \\n\\t\","
                + "\"nested\":{\"list\":[1,[2,[3,{\"deep\":true}]],null,-0.5,\"\u00fc\"],\"empty\":{},\"none\":[]},"
                + "\"\uD83D\uDD11 key\":\"v\"}";
        ClientCommand.Publish p = (ClientCommand.Publish) EnvelopeCodecTest.command(
                "{\"type\":\"publish\",\"channel\":\"c\",\"data\":" + data + "}");
        byte[] wire = codec.encodeEvent("c", 9, "e", "ev\u00e9", p.data(), "b\u00f6t", 1);
        JsonNode back = codec.readTree(wire);
        assertThat(back.get("data")).isEqualTo(p.data());
        assertThat(back.get("data").get("text").textValue()).isEqualTo("h\u00e9llo \u4e16\u754c \uD83D\uDE00 \u0000 \"q\" \\ \n\t");
        assertThat(back.get("event").textValue()).isEqualTo("ev\u00e9");
        assertThat(back.get("from").textValue()).isEqualTo("b\u00f6t");
        // Non-ASCII goes out as raw UTF-8, not as escapes.
        assertThat(new String(wire, StandardCharsets.UTF_8)).contains("\uD83D\uDE00").contains("\u4e16\u754c");
    }

    @Test
    void loneSurrogatesInStringsStillEncodeAndRoundTrip() throws IOException {
        ClientCommand.Publish p = (ClientCommand.Publish) EnvelopeCodecTest.command(
                "{\"type\":\"publish\",\"channel\":\"c\",\"data\":[\"\\uD800\",\"x\\uDC00y\",\"\\uDE00\\uD83D\"]}");
        byte[] wire = codec.encodeEvent("c", 1, "e", null, p.data(), null, 0);
        assertThat(codec.readTree(wire).get("data")).isEqualTo(p.data());
        assertThat(codec.encode(new ServerMessage.Pong(null, p.data()))).isNotEmpty();
    }

    @Test
    void writeAndReadTreeHelpers() throws IOException {
        assertThat(new String(codec.write(Map.of("k", 1)), StandardCharsets.UTF_8)).isEqualTo("{\"k\":1}");
        assertThat(codec.valueToTree(Map.of("a", "b")).get("a").textValue()).isEqualTo("b");
        assertThat(codec.readTree("[1]".getBytes(StandardCharsets.UTF_8)).isArray()).isTrue();
    }
}
