package io.fluxgate.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxgate.config.AccessRule;
import io.fluxgate.config.ConfigLoader;
import io.fluxgate.config.GatewayConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChannelPolicyTest {
    private final GatewayConfig config = ConfigLoader.fromYaml("""
            channels:
              default:
                history: 50
              namespaces:
                ops: { publish: admin, subscribe: admin }
                feed: { publish: api, subscribe: any, batchMaxDelay: 20ms, publishCost: 3 }
                mine: { publish: owner, subscribe: owner }
            """);
    private final ChannelPolicy policy = new ChannelPolicy(config.channels());
    private final Principal alice = Principal.anonymous("alice");
    private final Principal admin = new Principal("root", true, null);

    private static ChannelName name(String s) {
        return ChannelName.parse(s);
    }

    @Test
    void anyLetsEveryoneThrough() {
        assertThat(policy.checkPublish(alice, name("chat:lobby"))).isNull();
        assertThat(policy.checkSubscribe(alice, name("chat:lobby"))).isNull();
        assertThat(policy.checkSubscribe(alice, name("lobby"))).isNull();
        assertThat(policy.checkPublish(admin, name("lobby"))).isNull();
    }

    @Test
    void inboxOnlyItsOwnerMaySubscribeButAnyoneMayPublish() {
        assertThat(policy.checkSubscribe(alice, name("inbox:alice"))).isNull();
        assertThat(policy.checkSubscribe(alice, name("inbox:bob"))).isEqualTo("only client 'bob' may subscribe to inbox:bob");
        assertThat(policy.checkSubscribe(admin, name("inbox:bob"))).isNotNull();
        assertThat(policy.checkSubscribe(Principal.anonymous("ali"), name("inbox:alice"))).isNotNull();
        assertThat(policy.checkSubscribe(Principal.anonymous("alice:x"), name("inbox:alice"))).isNotNull();
        assertThat(policy.checkPublish(alice, name("inbox:bob"))).isNull();
        assertThat(policy.checkPublish(admin, name("inbox:alice"))).isNull();
    }

    @Test
    void ownerRuleComparesTheWholeRestOfTheName() {
        assertThat(policy.checkPublish(alice, name("mine:alice"))).isNull();
        assertThat(policy.checkPublish(Principal.anonymous("alice:x"), name("mine:alice:x"))).isNull();
        assertThat(policy.checkPublish(alice, name("mine:alice:x"))).isEqualTo("only client 'alice:x' may publish to mine:alice:x");
    }

    @Test
    void adminRuleNeedsTheAdminFlag() {
        assertThat(policy.checkSubscribe(alice, name("ops:alerts"))).isEqualTo("only admins may subscribe to ops:alerts");
        assertThat(policy.checkPublish(alice, name("ops:alerts"))).isEqualTo("only admins may publish to ops:alerts");
        assertThat(policy.checkSubscribe(admin, name("ops:alerts"))).isNull();
        assertThat(policy.checkPublish(admin, name("ops:alerts"))).isNull();
        assertThat(policy.checkPublish(alice.refreshed(true, null), name("ops:alerts"))).isNull();
    }

    @Test
    void apiRuleRefusesEveryWebSocketClientEvenAdmins() {
        assertThat(policy.checkPublish(alice, name("feed:prices"))).isEqualTo("only the server API may publish to feed:prices");
        assertThat(policy.checkPublish(admin, name("feed:prices"))).isNotNull();
        assertThat(policy.checkSubscribe(alice, name("feed:prices"))).isNull();
    }

    @Test
    void systemChannelsAreAdminOnlyWhateverTheRules() {
        assertThat(policy.checkSubscribe(alice, name("$logs"))).isEqualTo("only admins may subscribe to system channel $logs");
        assertThat(policy.checkPublish(alice, name("$logs"))).isNotNull();
        assertThat(policy.checkSubscribe(admin, name("$logs"))).isNull();
        assertThat(policy.checkPublish(admin, name("$logs"))).isNull();
        assertThat(policy.checkSubscribe(alice, name("$sys:x"))).isNotNull();
    }

    @Test
    void settingsResolvePerNamespaceWithInheritedDefaults() {
        assertThat(policy.settings(name("feed:prices")).batchMaxDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(policy.settings(name("feed:prices")).publishCost()).isEqualTo(3);
        assertThat(policy.settings(name("feed:prices")).history()).isEqualTo(50);
        assertThat(policy.settings(name("inbox:x")).subscribe()).isEqualTo(AccessRule.OWNER);
        assertThat(policy.settings(name("inbox:x")).history()).isEqualTo(50);
        assertThat(policy.settings(name("other:x"))).isEqualTo(config.channels().defaults());
        assertThat(policy.settings(name("plain"))).isEqualTo(config.channels().defaults());
        assertThat(policy.settings("feed:x").publishCost()).isEqualTo(3);
        assertThat(policy.settings("not a name")).isEqualTo(config.channels().defaults());
    }
}
