package io.fluxgate.channel;

import java.util.Objects;

/**
 * A validated channel name: 1..128 chars of {@code [A-Za-z0-9_.:@=-]}, with an optional namespace before
 * the first {@code :}. A leading {@code $} marks a system channel (e.g. {@code $logs}).
 *
 * @param value the full name
 * @param namespace the part before the first {@code :}, or null
 * @param rest the part after the first {@code :} (the whole name when there is no namespace)
 * @param system whether the name starts with {@code $}
 */
public record ChannelName(String value, String namespace, String rest, boolean system) {
    /** Longest channel name, in characters. */
    public static final int MAX_LENGTH = 128;

    public ChannelName {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(rest, "rest");
    }

    /**
     * Parses a channel name.
     *
     * @return the name, or null when it breaks the rules (the caller answers invalid_channel)
     */
    public static ChannelName parse(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return null;
        }
        boolean system = value.charAt(0) == '$';
        int start = system ? 1 : 0;
        if (start == value.length()) {
            return null;
        }
        int colon = -1;
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!allowed(c)) {
                return null;
            }
            if (c == ':' && colon < 0) {
                colon = i;
            }
        }
        if (colon < 0) {
            return new ChannelName(value, null, value, system);
        }
        // "chat:" or ":x" name an empty namespace or an empty channel: refuse rather than guess.
        if (colon == start || colon == value.length() - 1) {
            return null;
        }
        return new ChannelName(value, value.substring(0, colon), value.substring(colon + 1), system);
    }

    /** Why {@link #parse} refused a name, for the error message. */
    public static String rules() {
        return "channel names are 1.." + MAX_LENGTH + " chars of [A-Za-z0-9_.:@=-], optionally '$'-prefixed,"
                + " with a non-empty namespace and name around the first ':'";
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == ':' || c == '@' || c == '=' || c == '-';
    }

    @Override
    public String toString() {
        return value;
    }
}
