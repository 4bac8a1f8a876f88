package io.fluxgate.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelNameTest {

    @Test
    void plainNameHasNoNamespace() {
        ChannelName n = ChannelName.parse("lobby");
        assertThat(n).isEqualTo(new ChannelName("lobby", null, "lobby", false));
        assertThat(n.toString()).isEqualTo("lobby");
    }

    @Test
    void namespaceIsThePartBeforeTheFirstColon() {
        assertThat(ChannelName.parse("chat:lobby")).isEqualTo(new ChannelName("chat:lobby", "chat", "lobby", false));
        assertThat(ChannelName.parse("inbox:bot-1")).isEqualTo(new ChannelName("inbox:bot-1", "inbox", "bot-1", false));
        assertThat(ChannelName.parse("a:b:c")).isEqualTo(new ChannelName("a:b:c", "a", "b:c", false));
        assertThat(ChannelName.parse("chat::x")).isEqualTo(new ChannelName("chat::x", "chat", ":x", false));
    }

    @Test
    void everyAllowedCharacterIsAccepted() {
        String all = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.@=-";
        assertThat(ChannelName.parse(all)).isNotNull();
        assertThat(ChannelName.parse("ns:" + all).rest()).isEqualTo(all);
        assertThat(ChannelName.parse("a")).isNotNull();
        assertThat(ChannelName.parse("-")).isNotNull();
    }

    @Test
    void systemNamesStartWithDollar() {
        ChannelName logs = ChannelName.parse("$logs");
        assertThat(logs.system()).isTrue();
        assertThat(logs.namespace()).isNull();
        assertThat(logs.rest()).isEqualTo("$logs");
        ChannelName withNs = ChannelName.parse("$sys:node-1");
        assertThat(withNs.system()).isTrue();
        assertThat(withNs.namespace()).isEqualTo("$sys");
        assertThat(withNs.rest()).isEqualTo("node-1");
        assertThat(ChannelName.parse("logs").system()).isFalse();
    }

    @Test
    void lengthLimitIs128Characters() {
        assertThat(ChannelName.parse("x".repeat(ChannelName.MAX_LENGTH))).isNotNull();
        assertThat(ChannelName.parse("x".repeat(ChannelName.MAX_LENGTH + 1))).isNull();
        assertThat(ChannelName.parse("$" + "x".repeat(127))).isNotNull();
        assertThat(ChannelName.parse("$" + "x".repeat(128))).isNull();
        assertThat(ChannelName.parse("chat:" + "x".repeat(123))).isNotNull();
        assertThat(ChannelName.parse("chat:" + "x".repeat(124))).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"chat:", ":x", ":", "::", "$", "$:", "$:x", "$chat:", "$$x", "a$b", "a b", " a", "a\n",
            "chat/lobby", "chat#1", "caf\u00e9", "\u4e16\u754c", "\uD83D\uDE00", "a,b", "a*", "x\u0000", "\"q\"",
            "ns:a+b", "\u0430bc"})
    void invalidNamesAreRefused(String name) {
        assertThat(ChannelName.parse(name)).isNull();
    }

    @Test
    void rulesExplainTheLimits() {
        assertThat(ChannelName.rules()).contains("1..128").contains("[A-Za-z0-9_.:@=-]").contains("$");
    }
}
