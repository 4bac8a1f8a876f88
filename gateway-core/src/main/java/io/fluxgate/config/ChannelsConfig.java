package io.fluxgate.config;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Channel settings: the defaults and the fully resolved per-namespace overrides.
 *
 * @param defaults applies to every namespace without an entry (and to channels without a namespace)
 * @param namespaces per namespace, the defaults with that namespace's overrides applied
 */
public record ChannelsConfig(NamespaceConfig defaults, Map<String, NamespaceConfig> namespaces) {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.@=-]{1,64}");

    public ChannelsConfig {
        Objects.requireNonNull(defaults, "defaults");
        namespaces = Map.copyOf(namespaces);
        for (String ns : namespaces.keySet()) {
            Checks.check(NAMESPACE.matcher(ns).matches(), "namespaces", ns,
                    "names of 1..64 chars of [A-Za-z0-9_.@=-]");
        }
    }

    /** The settings for a namespace, or the defaults when it has no entry; {@code null} means no namespace. */
    public NamespaceConfig forNamespace(String namespace) {
        if (namespace == null) {
            return defaults;
        }
        return namespaces.getOrDefault(namespace, defaults);
    }

    /** The key spelled {@code default} in YAML; records cannot have a component of that name. */
    static final String DEFAULT_KEY = "default";
}
