package io.fluxgate.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxgate.protocol.ClientCommand;
import io.fluxgate.protocol.Decoded;
import io.fluxgate.protocol.EnvelopeCodec;
import io.fluxgate.protocol.MessageId;
import io.fluxgate.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Codec cost for a typical publish: decode the frame, encode its event and its ack; plain Jackson alongside. */
@State(Scope.Benchmark)
public class CodecBenchmark {
    static final byte[] PUBLISH = ("{\"type\":\"publish\",\"id\":\"42\",\"channel\":\"agent:run-7\",\"event\":\"progress\","
            + "\"data\":{\"step\":3,\"of\":10,\"status\":\"embedding documents\",\"tokens\":[\"The\",\" quick\",\" fox\"]}}")
            .getBytes(StandardCharsets.UTF_8);

    private final EnvelopeCodec codec = EnvelopeCodec.get();
    private final ObjectMapper plain = new ObjectMapper();
    private final JsonNode data = ((ClientCommand.Publish) ((Decoded.Command) codec.decode(PUBLISH)).command()).data();

    @Benchmark
    public Decoded decodePublish() {
        return codec.decode(PUBLISH);
    }

    @Benchmark
    public byte[] encodeEvent() {
        return codec.encodeEvent("agent:run-7", 12345, "k2j3h4", "progress", data, "bot-1", 1_700_000_000_000L);
    }

    @Benchmark
    public byte[] encodeAck() {
        return codec.encode(new ServerMessage.Ack(new MessageId("42", false), "agent:run-7", 12345));
    }

    /** Decode + event encode + ack encode: the codec work one publish costs. */
    @Benchmark
    public int publishRoundTrip() {
        Decoded d = codec.decode(PUBLISH);
        ClientCommand.Publish p = (ClientCommand.Publish) ((Decoded.Command) d).command();
        byte[] ev = codec.encodeEvent(p.channel(), 1, "e", p.event(), p.data(), "bot-1", 1L);
        byte[] ack = codec.encode(new ServerMessage.Ack(p.id(), p.channel(), 1));
        return ev.length + ack.length;
    }

    /** The floor: Jackson's readTree on the same bytes with a default mapper. */
    @Benchmark
    public JsonNode plainJacksonReadTree() throws Exception {
        return plain.readTree(PUBLISH);
    }
}
