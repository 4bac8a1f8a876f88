package io.fluxgate.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void readsAnEventWithTheBenchMarkers() throws IOException {
        List<Inbound> m = WireReader.read("{\"type\":\"event\",\"channel\":\"bench\",\"seq\":7,\"epoch\":\"e1\","
                + "\"data\":{\"t\":123456789012,\"p\":3,\"x\":[1,{\"a\":2}]},\"from\":\"c\",\"ts\":1}");
        assertThat(m).hasSize(1);
        Inbound e = m.get(0);
        assertThat(e.type()).isEqualTo("event");
        assertThat(e.seq()).isEqualTo(7);
        assertThat(e.epoch()).isEqualTo("e1");
        assertThat(e.dataT()).isEqualTo(123456789012L);
        assertThat(e.dataP()).isEqualTo(3);
        assertThat(e.ts()).isEqualTo(1);
    }

    @Test
    void readsABatchArrayInOrder() throws IOException {
        List<Inbound> m = WireReader.read("[{\"type\":\"event\",\"seq\":1},{\"type\":\"event\",\"seq\":2},"
                + "{\"type\":\"subscribed\",\"id\":4,\"recovered\":true}]");
        assertThat(m).extracting(Inbound::seq).containsExactly(1L, 2L, Inbound.NONE);
        assertThat(m.get(2).recovered()).isTrue();
        assertThat(m.get(2).id()).isEqualTo(4);
    }

    @Test
    void absentAndNonNumericFieldsAreNone() throws IOException {
        Inbound p = WireReader.read("{\"type\":\"pong\",\"id\":\"abc\",\"ts\":{\"nested\":1},\"data\":\"s\"}").get(0);
        assertThat(p.id()).isEqualTo(Inbound.NONE);
        assertThat(p.ts()).isEqualTo(Inbound.NONE);
        assertThat(p.dataT()).isEqualTo(Inbound.NONE);
        assertThat(p.recovered()).isNull();
    }

    @Test
    void refusesNonJson() {
        assertThatThrownBy(() -> WireReader.read("42")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> WireReader.read("{broken")).isInstanceOf(IOException.class);
    }

    @Test
    void writesEnvelopesTheReaderUnderstands() throws IOException {
        assertThat(WireReader.read(WireWriter.ping(99)).get(0).ts()).isEqualTo(99);
        assertThat(WireWriter.subscribeSince(1, "chat:a", 5, "e\"1"))
                .isEqualTo("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"chat:a\",\"since\":{\"seq\":5,\"epoch\":\"e\\\"1\"}}");
        Inbound d = WireReader.read("{\"type\":\"event\",\"data\":" + WireWriter.data(11, 22, 5) + "}").get(0);
        assertThat(d.dataT()).isEqualTo(11);
        assertThat(d.dataP()).isEqualTo(22);
        assertThatThrownBy(() -> WireWriter.checkChannel("a b")).hasMessageContaining("channel: a b");
    }
}
