package io.fluxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    static GatewayConfig env(Map<String, String> env) {
        return ConfigLoader.load(null, env, Map.of());
    }

    /** The message of the ConfigException that binding {@code yaml} gives; it must be one line. */
    static String error(String yaml) {
        return oneLine(() -> ConfigLoader.fromYaml(yaml));
    }

    static String envError(Map<String, String> env) {
        return oneLine(() -> env(env));
    }

    static String oneLine(Runnable r) {
        try {
            r.run();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).as("one line").doesNotContain("\n").doesNotContain("\r").isNotBlank();
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException");
    }

    // --- defaults ---------------------------------------------------------------------------------------

    @Test
    void defaultsAreThoseOfTheConfigContract() {
        GatewayConfig c = GatewayConfig.defaults();
        ServerConfig s = c.server();
        assertThat(s).isEqualTo(new ServerConfig("127.0.0.1", 8080, "/ws", null, 100_000, new PerIpConfig(1000, 100),
                List.of(), List.of(), Duration.ofSeconds(10)));
        assertThat(c.auth().jwtSecret()).isNull();
        assertThat(c.auth().apiKeys()).isEmpty();
        assertThat(c.auth().enabled()).isFalse();
        assertThat(c.limits()).isEqualTo(new LimitsConfig(65_536, 1_048_576, 100, 200, 50, 4096, 4_194_304, 1_048_576));
        assertThat(c.heartbeat()).isEqualTo(new HeartbeatConfig(Duration.ofSeconds(25), Duration.ofSeconds(10)));
        assertThat(c.channels().defaults()).isEqualTo(new NamespaceConfig(1000, Duration.ofMinutes(10),
                Duration.ofMinutes(2), AccessRule.ANY, AccessRule.ANY, 64, Duration.ZERO, 1));
        assertThat(c.channels().namespaces()).containsOnlyKeys("inbox");
        NamespaceConfig inbox = c.channels().namespaces().get("inbox");
        assertThat(inbox.subscribe()).isEqualTo(AccessRule.OWNER);
        assertThat(inbox.publish()).isEqualTo(AccessRule.ANY);
        assertThat(inbox.history()).isEqualTo(1000);
        assertThat(c.logging()).isEqualTo(new LoggingConfig("info", LogFormat.TEXT, Duration.ofSeconds(5)));
    }

    @Test
    void noFileEmptyYamlAndEmptySectionsAllGiveTheDefaults() {
        GatewayConfig d = GatewayConfig.defaults();
        assertThat(ConfigLoader.load(null, Map.of(), Map.of())).isEqualTo(d);
        assertThat(ConfigLoader.fromYaml("")).isEqualTo(d);
        assertThat(ConfigLoader.fromYaml("# nothing\n")).isEqualTo(d);
        assertThat(ConfigLoader.fromYaml("server: {}\nauth: {}\nlimits: {}\nheartbeat: {}\nchannels: {}\nlogging: {}\n"))
                .isEqualTo(d);
        assertThat(ConfigLoader.fromYaml("channels:\n  default: {}\n  namespaces: {}\n")).isEqualTo(d);
    }

    // --- YAML binding ---------------------------------------------------------------------------------------

    @Test
    void everySectionBindsFromYaml() {
        GatewayConfig c = ConfigLoader.fromYaml("""
                server:
                  host: 0.0.0.0
                  port: 9000
                  wsPath: /socket
                  adminPort: 9100
                  maxConnections: 500
                  perIp: { maxConnections: 10, connectsPerSecond: 5 }
                  allowedOrigins: [https://a.example, https://b.example]
                  trustedProxies: [10.0.0.0/8]
                  drainTimeout: 30s
                auth:
                  jwtSecret: 0123456789abcdef0123456789abcdef
                  apiKeys: [key-aaaaaaaaaaaaaaaa]
                limits:
                  maxMessageBytes: 1024
                  maxFrameBytes: 2048
                  ratePerSecond: 5
                  burst: 10
                  strikes: 3
                  outboundBufferMessages: 64
                  outboundBufferBytes: 65536
                  maxApiBodyBytes: 4096
                heartbeat: { interval: 5s, timeout: 2500ms }
                channels:
                  default: { history: 10, historyTtl: 1h, dedupWindow: 0, publish: owner, subscribe: admin,
                             batchMaxSize: 8, batchMaxDelay: 5ms, publishCost: 2 }
                  namespaces:
                    chat: { batchMaxDelay: 20ms }
                logging: { level: DEBUG, format: json, dedupWindow: 1m }
                """);
        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 9000, "/socket", 9100, 500, new PerIpConfig(10, 5),
                List.of("https://a.example", "https://b.example"), List.of("10.0.0.0/8"), Duration.ofSeconds(30)));
        assertThat(c.auth().jwtSecret()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(c.auth().apiKeys()).containsExactly("key-aaaaaaaaaaaaaaaa");
        assertThat(c.auth().enabled()).isTrue();
        assertThat(c.limits()).isEqualTo(new LimitsConfig(1024, 2048, 5, 10, 3, 64, 65536, 4096));
        assertThat(c.heartbeat()).isEqualTo(new HeartbeatConfig(Duration.ofSeconds(5), Duration.ofMillis(2500)));
        NamespaceConfig d = new NamespaceConfig(10, Duration.ofHours(1), Duration.ZERO, AccessRule.OWNER, AccessRule.ADMIN,
                8, Duration.ofMillis(5), 2);
        assertThat(c.channels().defaults()).isEqualTo(d);
        assertThat(c.channels().forNamespace("chat")).isEqualTo(new NamespaceConfig(10, Duration.ofHours(1),
                Duration.ZERO, AccessRule.OWNER, AccessRule.ADMIN, 8, Duration.ofMillis(20), 2));
        assertThat(c.channels().forNamespace("other")).isEqualTo(d);
        assertThat(c.channels().forNamespace(null)).isEqualTo(d);
        assertThat(c.logging()).isEqualTo(new LoggingConfig("debug", LogFormat.JSON, Duration.ofMinutes(1)));
    }

    @Test
    void namespacesInheritTheResolvedDefaultAndInboxKeepsItsRules() {
        GatewayConfig c = ConfigLoader.fromYaml("""
                channels:
                  default: { history: 50, publish: admin }
                  namespaces:
                    chat: { historyTtl: 1m }
                    inbox: { history: 5 }
                """);
        assertThat(c.channels().forNamespace("chat").history()).isEqualTo(50);
        assertThat(c.channels().forNamespace("chat").publish()).isEqualTo(AccessRule.ADMIN);
        assertThat(c.channels().forNamespace("chat").historyTtl()).isEqualTo(Duration.ofMinutes(1));
        NamespaceConfig inbox = c.channels().forNamespace("inbox");
        assertThat(inbox.history()).isEqualTo(5);
        assertThat(inbox.subscribe()).isEqualTo(AccessRule.OWNER);
        assertThat(inbox.publish()).isEqualTo(AccessRule.ANY);
        assertThat(ConfigLoader.fromYaml("channels:\n  default: { history: 7 }\n").channels().forNamespace("inbox").history())
                .isEqualTo(7);
        assertThat(ConfigLoader.fromYaml("channels:\n  namespaces:\n    inbox: { subscribe: any }\n")
                .channels().forNamespace("inbox").subscribe()).isEqualTo(AccessRule.ANY);
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("fluxgate.yaml");
        Files.writeString(f, "server:\n  port: 9001\n");
        assertThat(ConfigLoader.load(f, Map.of(), Map.of()).server().port()).isEqualTo(9001);
        String missing = oneLine(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of(), Map.of()));
        assertThat(missing).contains("nope.yaml").contains("cannot be read");
    }

    // --- environment and flags ------------------------------------------------------------------------------

    @Test
    void environmentOverridesTheFileAndFlagsOverrideTheEnvironment(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("fluxgate.yaml");
        Files.writeString(f, "server:\n  port: 9001\n  host: 127.0.0.2\nlimits:\n  burst: 7\n");
        GatewayConfig c = ConfigLoader.load(f, Map.of("FLUXGATE_SERVER_PORT", "9002", "PATH", "/bin", "HOME", "/root"),
                Map.of("server.host", "127.0.0.3"));
        assertThat(c.server().port()).isEqualTo(9002);
        assertThat(c.server().host()).isEqualTo("127.0.0.3");
        assertThat(c.limits().burst()).isEqualTo(7);
        GatewayConfig flags = ConfigLoader.load(f, Map.of("FLUXGATE_SERVER_PORT", "9002"), Map.of("server.port", 0));
        assertThat(flags.server().port()).isZero();
    }

    @Test
    void environmentVariablesMapToKeyPaths() {
        GatewayConfig c = env(Map.of(
                "FLUXGATE_SERVER_PORT", "9000",
                "FLUXGATE_SERVER_PERIP_CONNECTSPERSECOND", "7",
                "FLUXGATE_CHANNELS_DEFAULT_HISTORY", "42",
                "FLUXGATE_CHANNELS_NAMESPACES_CHAT_BATCHMAXDELAY", "20ms",
                "FLUXGATE_HEARTBEAT_INTERVAL", "5s",
                "FLUXGATE_LOGGING_FORMAT", "json",
                "FLUXGATE_AUTH_JWTSECRET", "0123456789abcdef0123456789abcdef"));
        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().perIp().connectsPerSecond()).isEqualTo(7);
        assertThat(c.channels().defaults().history()).isEqualTo(42);
        assertThat(c.channels().forNamespace("chat").batchMaxDelay()).isEqualTo(Duration.ofMillis(20));
        // The env-made namespace inherits the env-set default too.
        assertThat(c.channels().forNamespace("chat").history()).isEqualTo(42);
        assertThat(c.channels().forNamespace("inbox").history()).isEqualTo(42);
        assertThat(c.heartbeat().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.logging().format()).isEqualTo(LogFormat.JSON);
        assertThat(c.auth().enabled()).isTrue();
    }

    @Test
    void listsFromTheEnvironmentAreCommaSeparated() {
        GatewayConfig c = env(Map.of("FLUXGATE_SERVER_ALLOWEDORIGINS", "https://a.example, https://b.example,,",
                "FLUXGATE_AUTH_APIKEYS", "aaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbb",
                "FLUXGATE_SERVER_TRUSTEDPROXIES", ""));
        assertThat(c.server().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(c.auth().apiKeys()).containsExactly("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb");
        assertThat(c.server().trustedProxies()).isEmpty();
    }

    @Test
    void environmentNamesAreCaseInsensitiveAfterThePrefix() {
        assertThat(env(Map.of("FLUXGATE_server_Port", "9003")).server().port()).isEqualTo(9003);
    }

    @ParameterizedTest
    @CsvSource({"FLUXGATE_SERVER_PORTT", "FLUXGATE_SERVER", "FLUXGATE_", "FLUXGATE_SERVER__PORT", "FLUXGATE_NOPE_X",
            "FLUXGATE_CHANNELS_NAMESPACES", "FLUXGATE_SERVER_PORT_X", "FLUXGATE_LIMITS", "FLUXGATE_CHANNELS_BOGUS_HISTORY"})
    void unknownEnvironmentVariablesAreRefusedByName(String name) {
        String m = envError(Map.of(name, "1"));
        assertThat(m).startsWith(name + ": ").contains("unknown configuration variable").contains("expected");
    }

    // --- errors -------------------------------------------------------------------------------------------

    @Test
    void unknownKeysNameTheirPathAndWhatIsKnown() {
        assertThat(error("server:\n  prot: 1\n"))
                .isEqualTo("server.prot: unknown key (expected one of: host, port, wsPath, adminPort, maxConnections, "
                        + "perIp, allowedOrigins, trustedProxies, drainTimeout)");
        assertThat(error("sever:\n  port: 1\n")).startsWith("sever: unknown key (expected one of: server, auth");
        assertThat(error("server:\n  perIp:\n    max: 1\n")).startsWith("server.perIp.max: unknown key");
        assertThat(error("channels:\n  defaults: {}\n")).isEqualTo("channels.defaults: unknown key (expected: default, namespaces)");
        assertThat(error("channels:\n  namespaces:\n    chat: { histroy: 1 }\n"))
                .startsWith("channels.namespaces.chat.histroy: unknown key (expected one of: history, historyTtl");
        assertThat(error("channels:\n  default: { size: 1 }\n")).startsWith("channels.default.size: unknown key");
    }

    @Test
    void wrongTypesNameKeyValueAndExpectation() {
        assertThat(error("server:\n  port: abc\n")).isEqualTo("server.port: \"abc\" (expected: an integer)");
        assertThat(error("server:\n  port: 1.5\n")).isEqualTo("server.port: 1.5 (expected: an integer)");
        assertThat(error("server:\n  port: true\n")).isEqualTo("server.port: true (expected: an integer)");
        assertThat(error("server:\n  port: 99999999999\n")).startsWith("server.port: 99999999999 (expected: an integer");
        assertThat(error("server:\n  host: [a]\n")).isEqualTo("server.host: [\"a\"] (expected: a string)");
        assertThat(error("server:\n  allowedOrigins: 5\n")).isEqualTo("server.allowedOrigins: 5 (expected: a list of strings)");
        assertThat(error("server:\n  allowedOrigins: [1, 2]\n")).startsWith("server.allowedOrigins: [1,2] (expected: a list");
        assertThat(error("server: 5\n")).isEqualTo("server: 5 (expected: a mapping)");
        assertThat(error("server:\n  perIp: []\n")).isEqualTo("server.perIp: [] (expected: a mapping)");
        assertThat(error("server:\n  drainTimeout: 10\n"))
                .isEqualTo("server.drainTimeout: 10 (expected: a duration such as 500ms, 25s, 10m)");
        assertThat(error("heartbeat:\n  interval: 1.5s\n"))
                .isEqualTo("heartbeat.interval: \"1.5s\" (expected: a duration such as 500ms, 25s, 10m)");
        assertThat(error("channels:\n  default: { publish: everyone }\n"))
                .isEqualTo("channels.default.publish: \"everyone\" (expected: one of any, owner, admin, api)");
        assertThat(error("logging:\n  format: xml\n")).isEqualTo("logging.format: \"xml\" (expected: one of text, json)");
        assertThat(error("channels:\n  namespaces: [chat]\n")).startsWith("channels.namespaces: [\"chat\"] (expected: a mapping");
        assertThat(error("channels:\n  namespaces:\n    chat: 5\n")).isEqualTo("channels.namespaces.chat: 5 (expected: a mapping)");
        assertThat(error("limits:\n  burst: null\n")).isEqualTo("limits.burst: null (expected: a value)");
        assertThat(envError(Map.of("FLUXGATE_SERVER_PORT", "eighty"))).isEqualTo("server.port: \"eighty\" (expected: an integer)");
        assertThat(envError(Map.of("FLUXGATE_CHANNELS_NAMESPACES_CHAT_BATCHMAXDELAY", "soon")))
                .isEqualTo("channels.namespaces.chat.batchMaxDelay: \"soon\" (expected: a duration such as 500ms, 25s, 10m)");
    }

    @Test
    void impossibleValuesNameKeyValueAndExpectation() {
        assertThat(error("server:\n  port: 70000\n")).isEqualTo("server.port: 70000 (expected: 0..65535)");
        assertThat(error("server:\n  wsPath: ws\n")).isEqualTo("server.wsPath: ws (expected: a path starting with /)");
        assertThat(error("server:\n  perIp: { maxConnections: 0 }\n"))
                .isEqualTo("server.perIp.maxConnections: 0 (expected: 1..2147483647)");
        assertThat(error("server:\n  drainTimeout: 0s\n")).isEqualTo("server.drainTimeout: 0ms (expected: > 0)");
        assertThat(error("limits:\n  burst: 0\n")).isEqualTo("limits.burst: 0 (expected: 1..1000000000)");
        assertThat(error("limits:\n  maxMessageBytes: 2000000\n"))
                .isEqualTo("limits.maxFrameBytes: 1048576 (expected: >= maxMessageBytes (2000000))");
        assertThat(error("limits:\n  outboundBufferMessages: 1\n"))
                .isEqualTo("limits.outboundBufferMessages: 1 (expected: 8..10000000)");
        assertThat(error("heartbeat:\n  timeout: 0\n")).isEqualTo("heartbeat.timeout: 0ms (expected: > 0)");
        assertThat(error("channels:\n  default: { history: -1 }\n"))
                .isEqualTo("channels.default.history: -1 (expected: 0..10000000)");
        assertThat(error("channels:\n  namespaces:\n    chat: { batchMaxDelay: 11s }\n"))
                .isEqualTo("channels.namespaces.chat.batchMaxDelay: 11s (expected: <= 10s)");
        assertThat(error("channels:\n  namespaces:\n    chat: { batchMaxSize: 0 }\n"))
                .isEqualTo("channels.namespaces.chat.batchMaxSize: 0 (expected: 1..10000)");
        assertThat(error("channels:\n  namespaces:\n    \"bad name\": {}\n"))
                .isEqualTo("channels.namespaces: bad name (expected: names of 1..64 chars of [A-Za-z0-9_.@=-])");
        assertThat(error("logging:\n  level: verbose\n"))
                .isEqualTo("logging.level: verbose (expected: one of trace, debug, info, warn, error)");
        assertThat(envError(Map.of("FLUXGATE_LIMITS_BURST", "-5"))).isEqualTo("limits.burst: -5 (expected: 1..1000000000)");
    }

    @Test
    void aPublishCostAboveTheBurstCanNeverBePaidAndIsRefused() {
        assertThat(error("limits:\n  burst: 10\nchannels:\n  namespaces:\n    chat: { publishCost: 11 }\n"))
                .isEqualTo("channels.namespaces.chat.publishCost: 11 (expected: <= limits.burst (10))");
        assertThat(error("limits:\n  burst: 10\nchannels:\n  default: { publishCost: 20 }\n"))
                .isEqualTo("channels.default.publishCost: 20 (expected: <= limits.burst (10))");
        assertThat(ConfigLoader.fromYaml("limits:\n  burst: 10\nchannels:\n  default: { publishCost: 10 }\n")
                .channels().defaults().publishCost()).isEqualTo(10);
    }

    @Test
    void malformedYamlIsOneLineWithItsPosition() {
        String m = error("limits: { burst: 5 }\n  maxMessageBytes: 64\n");
        assertThat(m).startsWith("inline YAML: not valid YAML").contains("line 2");
        assertThat(error("- a\n- b\n")).isEqualTo("inline YAML: (root) ARRAY (expected: a mapping of sections)");
    }

    @Test
    void secretsNeverAppearInMessages() {
        String secret = "tooShortSecret-XYZ";
        assertThat(error("auth:\n  jwtSecret: " + secret + "\n")).doesNotContain(secret)
                .isEqualTo("auth.jwtSecret: <18 chars, hidden> (expected: >= 32 bytes)");
        assertThat(error("auth:\n  jwtSecret: [" + secret + "]\n")).doesNotContain(secret).contains("auth.jwtSecret");
        assertThat(error("auth:\n  apiKeys: [short-KEY-1]\n")).doesNotContain("short-KEY-1").contains("auth.apiKeys");
        assertThat(error("auth:\n  apiKeys: 12345\n")).doesNotContain("12345").contains("auth.apiKeys");
        assertThat(envError(Map.of("FLUXGATE_AUTH_JWTSECRET", secret))).doesNotContain(secret);
        assertThat(envError(Map.of("FLUXGATE_AUTH_JWTSECRETT", secret))).doesNotContain(secret);
        assertThat(error("auth:\n  jwtSecrett: " + secret + "\n")).doesNotContain(secret);
        assertThat(error("auth:\n  jwtSecret: \"" + secret + "\n  apiKeys: []\n")).doesNotContain(secret);
        GatewayConfig ok = ConfigLoader.fromYaml("auth:\n  jwtSecret: 0123456789abcdef0123456789abcdef\n"
                + "  apiKeys: [key-aaaaaaaaaaaaaaaa]\n");
        assertThat(ok.auth().toString()).doesNotContain("0123456789abcdef").doesNotContain("key-aaaa").contains("hidden");
        assertThat(ok.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void recordsRejectBadValuesWhenBuiltDirectly() {
        assertThatThrownBy(() -> new HeartbeatConfig(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("interval: 0ms (expected: > 0)");
        assertThatThrownBy(() -> new NamespaceConfig(1, Duration.ofSeconds(1), Duration.ofSeconds(-1), AccessRule.ANY,
                AccessRule.ANY, 1, Duration.ZERO, 1)).hasMessage("dedupWindow: -1s (expected: >= 0)");
        assertThatThrownBy(() -> new ServerConfig(" ", 1, "/ws", null, 1, new PerIpConfig(1, 1), List.of(), List.of(),
                Duration.ofSeconds(1))).hasMessage("host: '' (expected: a host name or address)");
        assertThatThrownBy(() -> new ChannelsConfig(null, Map.of())).isInstanceOf(NullPointerException.class)
                .hasMessage("defaults");
    }
}
