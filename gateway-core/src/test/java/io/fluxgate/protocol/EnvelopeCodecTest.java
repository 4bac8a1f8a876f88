package io.fluxgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding: every error the codec can produce, and the odd-but-valid JSON it must accept. */
class EnvelopeCodecTest {
    private final EnvelopeCodec codec = EnvelopeCodec.get();

    static Decoded decode(String json) {
        return EnvelopeCodec.get().decode(json.getBytes(StandardCharsets.UTF_8));
    }

    static ClientCommand command(String json) {
        Decoded d = decode(json);
        assertThat(d).as("decoding %s", json).isInstanceOf(Decoded.Command.class);
        return ((Decoded.Command) d).command();
    }

    static Decoded.Failure failure(String json, ErrorCode code) {
        Decoded d = decode(json);
        assertThat(d).as("decoding %s", json).isInstanceOf(Decoded.Failure.class);
        Decoded.Failure f = (Decoded.Failure) d;
        assertThat(f.code()).as("error code for %s", json).isEqualTo(code);
        assertThat(f.message()).isNotBlank();
        return f;
    }

    static String nested(int depth) {
        // depth levels in total, the envelope itself being level 1
        return "{\"type\":\"publish\",\"channel\":\"c\",\"data\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    // --- invalid_message: empty and non-object frames -------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   \n\t\r "})
    void emptyOrBlankFrameIsInvalidMessage(String frame) {
        Decoded.Failure f = failure(frame, ErrorCode.INVALID_MESSAGE);
        assertThat(f.id()).isNull();
        assertThat(f.message()).contains("empty");
    }

    @Test
    void nonObjectFramesAreInvalidMessageNamingWhatWasSent() {
        assertThat(failure("[{\"type\":\"ping\"}]", ErrorCode.INVALID_MESSAGE).message()).endsWith("got array");
        assertThat(failure("\"ping\"", ErrorCode.INVALID_MESSAGE).message()).endsWith("got string");
        assertThat(failure("42", ErrorCode.INVALID_MESSAGE).message()).endsWith("got number");
        assertThat(failure("1.5", ErrorCode.INVALID_MESSAGE).message()).endsWith("got number");
        assertThat(failure("null", ErrorCode.INVALID_MESSAGE).message()).endsWith("got null");
        assertThat(failure("true", ErrorCode.INVALID_MESSAGE).message()).endsWith("got boolean");
        assertThat(failure("[]", ErrorCode.INVALID_MESSAGE).id()).isNull();
    }

    // --- invalid_json ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ping\"",           // truncated
            "{type:\"ping\"}",              // unquoted key
            "{'type':'ping'}",              // single quotes
            "{\"type\":\"ping\",}",         // trailing comma
            "{\"type\":\"ping\"} {\"type\":\"ping\"}", // two documents
            "{\"type\":\"ping\"}x",         // trailing garbage
            "{\"type\":\"ping\"}]",         // trailing token
            "{\"type\":\"ping\",\"ts\":NaN}",
            "{\"type\":\"ping\",\"ts\":01}",
            "nope"})
    void malformedJsonIsInvalidJsonWithoutId(String frame) {
        Decoded.Failure f = failure(frame, ErrorCode.INVALID_JSON);
        assertThat(f.id()).isNull();
        assertThat(f.message()).doesNotContain("\n");
    }

    @Test
    void errorMessagesStayShortWhateverTheInput() {
        assertThat(failure("x".repeat(60_000), ErrorCode.INVALID_JSON).message()).hasSizeLessThan(500);
        assertThat(failure("{\"type\":\"ping\",\"ts\":tru" + "e".repeat(50_000) + "}", ErrorCode.INVALID_JSON).message())
                .hasSizeLessThan(500);
        assertThat(failure("{\"" + "k".repeat(60_000) + "\":1}", ErrorCode.INVALID_JSON).message()).hasSizeLessThan(500);
    }

    @Test
    void invalidJsonNeverEchoesTheIdEvenWhenItWasReadable() {
        assertThat(failure("{\"id\":\"a1\",\"type\":\"ping\"", ErrorCode.INVALID_JSON).id()).isNull();
    }

    @Test
    void invalidUtf8IsInvalidJson() {
        byte[] bad = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Decoded d = codec.decode(bad);
        assertThat(d).isInstanceOf(Decoded.Failure.class);
        assertThat(((Decoded.Failure) d).code()).isEqualTo(ErrorCode.INVALID_JSON);
    }

    @Test
    void framesInUtf16OrUtf32AreInvalidJson() {
        String ping = "{\"type\":\"ping\"}";
        for (java.nio.charset.Charset cs : new java.nio.charset.Charset[] {StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE, StandardCharsets.UTF_16, java.nio.charset.Charset.forName("UTF-32BE"),
                java.nio.charset.Charset.forName("UTF-32LE")}) {
            Decoded d = codec.decode(ping.getBytes(cs));
            assertThat(d).as("%s", cs).isInstanceOf(Decoded.Failure.class);
            assertThat(((Decoded.Failure) d).code()).as("%s", cs).isEqualTo(ErrorCode.INVALID_JSON);
        }
        assertThat(((Decoded.Failure) codec.decode(new byte[] {'{', 0, '}'})).code()).isEqualTo(ErrorCode.INVALID_JSON);
        failure("{\"type\":\"ping\",\"ts\":\"a\u0000b\"}", ErrorCode.INVALID_JSON);
    }

    @Test
    void aUtf8ByteOrderMarkIsTolerated() {
        byte[] ping = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[ping.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(ping, 0, withBom, 3, ping.length);
        assertThat(codec.decode(withBom)).isInstanceOf(Decoded.Command.class);
    }

    @Test
    void duplicateKeysAtAnyDepthAreInvalidJson() {
        assertThat(failure("{\"type\":\"ping\",\"type\":\"pong\"}", ErrorCode.INVALID_JSON).message())
                .contains("Duplicate field 'type'");
        failure("{\"type\":\"publish\",\"channel\":\"c\",\"data\":{\"a\":1,\"b\":{\"x\":1,\"x\":2}}}",
                ErrorCode.INVALID_JSON);
        failure("{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":{\"seq\":1,\"seq\":2,\"epoch\":\"e\"}}",
                ErrorCode.INVALID_JSON);
    }

    @Test
    void trailingWhitespaceIsFine() {
        assertThat(command("  {\"type\":\"ping\"} \r\n\t ")).isInstanceOf(ClientCommand.Ping.class);
    }

    @Test
    void nestingAtTheLimitIsAcceptedAndOneDeeperIsInvalidJson() {
        ClientCommand.Publish p = (ClientCommand.Publish) command(nested(EnvelopeCodec.MAX_NESTING));
        int arrays = 0;
        for (JsonNode n = p.data(); n != null && n.isArray(); n = n.get(0)) {
            arrays++;
        }
        assertThat(arrays).isEqualTo(EnvelopeCodec.MAX_NESTING - 1);
        Decoded.Failure f = failure(nested(EnvelopeCodec.MAX_NESTING + 1), ErrorCode.INVALID_JSON);
        assertThat(f.message()).contains("limits");
        failure(nested(10_000), ErrorCode.INVALID_JSON);
    }

    @Test
    void objectsCountTowardsNestingLikeArrays() {
        String deepObjects = "{\"type\":\"publish\",\"channel\":\"c\",\"data\":"
                + "{\"a\":".repeat(EnvelopeCodec.MAX_NESTING) + "1" + "}".repeat(EnvelopeCodec.MAX_NESTING) + "}";
        failure(deepObjects, ErrorCode.INVALID_JSON);
        String justInside = "{\"type\":\"publish\",\"channel\":\"c\",\"data\":"
                + "{\"a\":".repeat(EnvelopeCodec.MAX_NESTING - 1) + "1" + "}".repeat(EnvelopeCodec.MAX_NESTING - 1) + "}";
        assertThat(command(justInside)).isInstanceOf(ClientCommand.Publish.class);
    }

    @Test
    void hugeIntegersWithinTheLengthLimitRoundTripExactly() {
        String digits = "9".repeat(EnvelopeCodec.MAX_NUMBER_CHARS);
        ClientCommand.Publish p = (ClientCommand.Publish) command(
                "{\"type\":\"publish\",\"channel\":\"c\",\"data\":{\"n\":" + digits + "}}");
        assertThat(p.data().get("n").isBigInteger()).isTrue();
        assertThat(p.data().get("n").bigIntegerValue().toString()).isEqualTo(digits);
        assertThat(event(p.data())).contains("\"data\":{\"n\":" + digits + "}");
    }

    @Test
    void numbersOverTheLengthLimitAreInvalidJson() {
        String digits = "9".repeat(EnvelopeCodec.MAX_NUMBER_CHARS + 1);
        Decoded.Failure f = failure("{\"type\":\"publish\",\"channel\":\"c\",\"data\":" + digits + "}",
                ErrorCode.INVALID_JSON);
        assertThat(f.message()).contains("limits");
        failure("{\"type\":\"publish\",\"channel\":\"c\",\"data\":0." + digits + "}", ErrorCode.INVALID_JSON);
        failure("{\"type\":\"ping\",\"ts\":[1," + digits + "]}", ErrorCode.INVALID_JSON);
    }

    @Test
    void decimalsRoundTripDigitForDigit() {
        String json = "{\"type\":\"publish\",\"channel\":\"c\",\"data\":"
                + "[1.10,0.1000000000000000000000000001,0.0,-1.000,123456789012345678901234567890.123456789,"
                + "12345678901234567890123,-9223372036854775809,3.141592653589793238462643383279502884197]}";
        ClientCommand.Publish p = (ClientCommand.Publish) command(json);
        assertThat(event(p.data())).contains("\"data\":[1.10,0.1000000000000000000000000001,0.0,-1.000,"
                + "123456789012345678901234567890.123456789,12345678901234567890123,-9223372036854775809,"
                + "3.141592653589793238462643383279502884197]");
    }

    @Test
    void exponentNumbersKeepTheirExactValue() throws IOException {
        ClientCommand.Publish p = (ClientCommand.Publish) command(
                "{\"type\":\"publish\",\"channel\":\"c\",\"data\":[1e400,2.5E-300,-7e2]}");
        JsonNode back = codec.readTree(event(p.data()).getBytes(StandardCharsets.UTF_8)).get("data");
        assertThat(back.get(0).decimalValue()).isEqualByComparingTo(new BigDecimal("1e400"));
        assertThat(back.get(1).decimalValue()).isEqualByComparingTo(new BigDecimal("2.5E-300"));
        assertThat(back.get(2).decimalValue()).isEqualByComparingTo(new BigDecimal("-700"));
    }

    @Test
    void pingTsKeepsBigNumbersExactly() {
        ClientCommand.Ping ping = (ClientCommand.Ping) command("{\"type\":\"ping\",\"ts\":12345678901234567890123.50}");
        assertThat(new String(codec.encode(new ServerMessage.Pong(null, ping.ts())), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"pong\",\"ts\":12345678901234567890123.50}");
    }

    // --- type ---------------------------------------------------------------------------------------------

    @Test
    void missingOrIllTypedTypeIsInvalidMessageAndEchoesTheId() {
        Decoded.Failure missing = failure("{\"id\":\"a\"}", ErrorCode.INVALID_MESSAGE);
        assertThat(missing.id()).isEqualTo(new MessageId("a", false));
        assertThat(missing.message()).contains("type");
        failure("{}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":null}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":5}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":[\"ping\"]}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":{\"name\":\"ping\"}}", ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void unknownTypeIsUnknownTypeWithIdAndName() {
        Decoded.Failure f = failure("{\"type\":\"presence\",\"id\":4}", ErrorCode.UNKNOWN_TYPE);
        assertThat(f.id()).isEqualTo(new MessageId("4", true));
        assertThat(f.message()).isEqualTo("unknown type 'presence'");
        failure("{\"type\":\"\"}", ErrorCode.UNKNOWN_TYPE);
        failure("{\"type\":\"PING\"}", ErrorCode.UNKNOWN_TYPE);
        failure("{\"type\":\"welcome\"}", ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void unknownTypeMessageAbbreviatesALongName() {
        Decoded.Failure f = failure("{\"type\":\"" + "x".repeat(5000) + "\"}", ErrorCode.UNKNOWN_TYPE);
        assertThat(f.message()).hasSizeLessThan(100).contains("x".repeat(32) + "…");
    }

    // --- ids ----------------------------------------------------------------------------------------------

    @Test
    void stringAndIntegerIdsAreKeptWithTheirJsonType() {
        assertThat(command("{\"type\":\"ping\",\"id\":\"p1\"}").id()).isEqualTo(new MessageId("p1", false));
        assertThat(command("{\"type\":\"ping\",\"id\":\"\"}").id()).isEqualTo(new MessageId("", false));
        assertThat(command("{\"type\":\"ping\",\"id\":7}").id()).isEqualTo(new MessageId("7", true));
        assertThat(command("{\"type\":\"ping\",\"id\":-7}").id()).isEqualTo(new MessageId("-7", true));
        assertThat(command("{\"type\":\"ping\",\"id\":\"7\"}").id()).isEqualTo(new MessageId("7", false));
        assertThat(command("{\"type\":\"ping\",\"id\":null}").id()).isNull();
        assertThat(command("{\"type\":\"ping\"}").id()).isNull();
    }

    @Test
    void idsOfExactly64CharsAreAcceptedIncludingBigIntegers() {
        String s64 = "i".repeat(64);
        assertThat(command("{\"type\":\"ping\",\"id\":\"" + s64 + "\"}").id().text()).isEqualTo(s64);
        String n64 = "1" + "0".repeat(63);
        assertThat(command("{\"type\":\"ping\",\"id\":" + n64 + "}").id()).isEqualTo(new MessageId(n64, true));
        String neg64 = "-" + "9".repeat(63);
        assertThat(command("{\"type\":\"ping\",\"id\":" + neg64 + "}").id()).isEqualTo(new MessageId(neg64, true));
        assertThat(new String(codec.encode(new ServerMessage.Pong(new MessageId(n64, true), null)),
                StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"pong\",\"id\":" + n64 + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1e3", "1.0", "true", "{\"a\":1}", "[1]"})
    void fractionalAndNonScalarIdsAreInvalidMessageWithoutId(String id) {
        Decoded.Failure f = failure("{\"type\":\"ping\",\"id\":" + id + "}", ErrorCode.INVALID_MESSAGE);
        assertThat(f.id()).isNull();
        assertThat(f.message()).contains("id");
    }

    @Test
    void idsOver64CharsAreInvalidMessageWithoutId() {
        failure("{\"type\":\"ping\",\"id\":\"" + "i".repeat(65) + "\"}", ErrorCode.INVALID_MESSAGE);
        assertThat(failure("{\"type\":\"ping\",\"id\":1" + "0".repeat(64) + "}", ErrorCode.INVALID_MESSAGE).id())
                .isNull();
        failure("{\"type\":\"ping\",\"id\":-" + "9".repeat(64) + "}", ErrorCode.INVALID_MESSAGE);
        assertThatThrownBy(() -> new MessageId("i".repeat(65), false)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- fields -------------------------------------------------------------------------------------------

    @Test
    void everyCommandDecodesToItsRecord() {
        assertThat(command("{\"type\":\"subscribe\",\"id\":\"s1\",\"channel\":\"chat:lobby\"}"))
                .isEqualTo(new ClientCommand.Subscribe(new MessageId("s1", false), "chat:lobby", null));
        assertThat(command("{\"type\":\"unsubscribe\",\"channel\":\"chat:lobby\"}"))
                .isEqualTo(new ClientCommand.Unsubscribe(null, "chat:lobby"));
        ClientCommand.Publish p = (ClientCommand.Publish) command(
                "{\"type\":\"publish\",\"id\":7,\"channel\":\"jobs:r\",\"event\":\"progress\",\"key\":\"k-1\",\"data\":{\"pct\":60}}");
        assertThat(p.channel()).isEqualTo("jobs:r");
        assertThat(p.event()).isEqualTo("progress");
        assertThat(p.key()).isEqualTo("k-1");
        assertThat(p.data().get("pct").intValue()).isEqualTo(60);
        assertThat(p.type()).isEqualTo("publish");
        ClientCommand.Refresh r = (ClientCommand.Refresh) command("{\"type\":\"refresh\",\"token\":\"abc.def.ghi\"}");
        assertThat(r.token()).isEqualTo("abc.def.ghi");
        assertThat(command("{\"type\":\"ping\",\"ts\":{\"t\":1}}")).isInstanceOf(ClientCommand.Ping.class);
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(command("{\"type\":\"ping\",\"future\":{\"x\":[1,2]},\"v\":2}")).isInstanceOf(ClientCommand.Ping.class);
        ClientCommand.Subscribe s = (ClientCommand.Subscribe) command(
                "{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":{\"seq\":3,\"epoch\":\"e\",\"extra\":true}}");
        assertThat(s.since()).isEqualTo(new StreamPosition(3, "e"));
    }

    @Test
    void requiredFieldsMissingOrIllTypedAreInvalidMessageNamingTheField() {
        assertThat(failure("{\"type\":\"subscribe\",\"id\":\"s5\"}", ErrorCode.INVALID_MESSAGE))
                .extracting(Decoded.Failure::id, Decoded.Failure::message)
                .containsExactly(new MessageId("s5", false), "channel is required");
        assertThat(failure("{\"type\":\"subscribe\",\"channel\":null}", ErrorCode.INVALID_MESSAGE).message())
                .isEqualTo("channel is required");
        assertThat(failure("{\"type\":\"subscribe\",\"channel\":5}", ErrorCode.INVALID_MESSAGE).message())
                .isEqualTo("channel must be a string");
        failure("{\"type\":\"unsubscribe\"}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":\"unsubscribe\",\"channel\":[\"c\"]}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":\"publish\",\"data\":1}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":\"publish\",\"channel\":true,\"data\":1}", ErrorCode.INVALID_MESSAGE);
        assertThat(failure("{\"type\":\"publish\",\"channel\":\"c\"}", ErrorCode.INVALID_MESSAGE).message())
                .isEqualTo("data is required");
        failure("{\"type\":\"refresh\"}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":\"refresh\",\"token\":42}", ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void publishDataMayBeAnyJsonIncludingNull() {
        assertThat(((ClientCommand.Publish) command("{\"type\":\"publish\",\"channel\":\"c\",\"data\":null}"))
                .data().isNull()).isTrue();
        for (String data : new String[] {"\"s\"", "0", "false", "[]", "{}", "[null,{\"a\":[]}]"}) {
            assertThat(command("{\"type\":\"publish\",\"channel\":\"c\",\"data\":" + data + "}"))
                    .isInstanceOf(ClientCommand.Publish.class);
        }
    }

    @Test
    void optionalEventAndKeyMustBeNonEmptyBoundedStrings() {
        ClientCommand.Publish p = (ClientCommand.Publish) command(
                "{\"type\":\"publish\",\"channel\":\"c\",\"data\":1,\"event\":null,\"key\":null}");
        assertThat(p.event()).isNull();
        assertThat(p.key()).isNull();
        assertThat(failure("{\"type\":\"publish\",\"id\":\"m4\",\"channel\":\"c\",\"data\":1,\"event\":\"\"}",
                ErrorCode.INVALID_MESSAGE).message()).isEqualTo("event must be a string of 1..256 chars");
        failure("{\"type\":\"publish\",\"channel\":\"c\",\"data\":1,\"key\":\"\"}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":\"publish\",\"channel\":\"c\",\"data\":1,\"key\":7}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":\"publish\",\"channel\":\"c\",\"data\":1,\"event\":{}}", ErrorCode.INVALID_MESSAGE);
        String k256 = "k".repeat(CommandReader.MAX_KEY_CHARS);
        assertThat(((ClientCommand.Publish) command("{\"type\":\"publish\",\"channel\":\"c\",\"data\":1,\"key\":\""
                + k256 + "\",\"event\":\"" + k256 + "\"}")).key()).isEqualTo(k256);
        failure("{\"type\":\"publish\",\"channel\":\"c\",\"data\":1,\"key\":\"" + k256 + "k\"}", ErrorCode.INVALID_MESSAGE);
        failure("{\"type\":\"publish\",\"channel\":\"c\",\"data\":1,\"event\":\"" + k256 + "e\"}", ErrorCode.INVALID_MESSAGE);
    }

    // --- since --------------------------------------------------------------------------------------------

    @Test
    void sinceIsOptionalAndNullMeansAbsent() {
        assertThat(((ClientCommand.Subscribe) command("{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":null}"))
                .since()).isNull();
        assertThat(((ClientCommand.Subscribe) command(
                "{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":{\"seq\":0,\"epoch\":\"\"}}")).since())
                .isEqualTo(new StreamPosition(0, ""));
        assertThat(((ClientCommand.Subscribe) command("{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":{\"seq\":"
                + Long.MAX_VALUE + ",\"epoch\":\"e\"}}")).since().seq()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "5", "\"5\"", "[5,\"e\"]", "true",
            "{}", "{\"epoch\":\"e\"}", "{\"seq\":-1,\"epoch\":\"e\"}", "{\"seq\":1.5,\"epoch\":\"e\"}",
            "{\"seq\":\"3\",\"epoch\":\"e\"}", "{\"seq\":null,\"epoch\":\"e\"}", "{\"seq\":9223372036854775808,\"epoch\":\"e\"}",
            "{\"seq\":3}", "{\"seq\":3,\"epoch\":null}", "{\"seq\":3,\"epoch\":7}", "{\"seq\":3,\"epoch\":[\"e\"]}"})
    void malformedSinceIsInvalidMessageAndEchoesTheId(String since) {
        Decoded.Failure f = failure("{\"type\":\"subscribe\",\"id\":\"s\",\"channel\":\"c\",\"since\":" + since + "}",
                ErrorCode.INVALID_MESSAGE);
        assertThat(f.id()).isEqualTo(new MessageId("s", false));
        assertThat(f.message()).startsWith("since");
    }

    @Test
    void failureTurnsIntoAnErrorEnvelope() {
        Decoded.Failure f = failure("{\"type\":\"nope\",\"id\":\"x\"}", ErrorCode.UNKNOWN_TYPE);
        assertThat(new String(codec.encode(f.toError()), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"error\",\"id\":\"x\",\"code\":\"unknown_type\",\"message\":\"unknown type 'nope'\"}");
    }

    @Test
    void refreshToStringHidesTheToken() {
        ClientCommand.Refresh r = (ClientCommand.Refresh) command("{\"type\":\"refresh\",\"id\":\"r\",\"token\":\"s3cr3t-jwt\"}");
        assertThat(r.toString()).doesNotContain("s3cr3t").contains("hidden");
    }

    @Test
    void streamPositionRejectsNegativeSeq() {
        assertThatThrownBy(() -> new StreamPosition(-1, "e")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq: -1");
    }

    private String event(JsonNode data) {
        return new String(codec.encodeEvent("c", 1, "e", null, data, null, 5), StandardCharsets.UTF_8);
    }
}
