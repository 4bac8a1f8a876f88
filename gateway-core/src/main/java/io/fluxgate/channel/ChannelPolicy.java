package io.fluxgate.channel;

import io.fluxgate.config.AccessRule;
import io.fluxgate.config.ChannelsConfig;
import io.fluxgate.config.NamespaceConfig;
import java.util.Objects;

/** Resolves a channel's namespace settings and decides who may publish and subscribe there. */
public final class ChannelPolicy {
    private final ChannelsConfig config;

    public ChannelPolicy(ChannelsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The settings for the channel's namespace. */
    public NamespaceConfig settings(ChannelName channel) {
        return config.forNamespace(channel.namespace());
    }

    /** The settings for a raw channel name (already validated elsewhere). */
    public NamespaceConfig settings(String channel) {
        ChannelName name = ChannelName.parse(channel);
        return name == null ? config.defaults() : settings(name);
    }

    /** Null when {@code who} may subscribe to {@code channel} over WebSocket, else the reason. */
    public String checkSubscribe(Principal who, ChannelName channel) {
        return check(who, channel, settings(channel).subscribe(), "subscribe to");
    }

    /** Null when {@code who} may publish to {@code channel} over WebSocket, else the reason. */
    public String checkPublish(Principal who, ChannelName channel) {
        return check(who, channel, settings(channel).publish(), "publish to");
    }

    private static String check(Principal who, ChannelName channel, AccessRule rule, String verb) {
        if (channel.system()) {
            return who.admin() ? null : "only admins may " + verb + " system channel " + channel;
        }
        return switch (rule) {
            case ANY -> null;
            case OWNER -> channel.rest().equals(who.clientId()) ? null
                    : "only client '" + channel.rest() + "' may " + verb + " " + channel;
            case ADMIN -> who.admin() ? null : "only admins may " + verb + " " + channel;
            case API -> "only the server API may " + verb + " " + channel;
        };
    }
}
