package io.fluxgate.bench.client;

/**
 * Builds the few client envelopes the bench sends. Channel names are validated by the caller to the protocol's
 * charset ({@code [A-Za-z0-9_.:@=-]}), so they need no JSON escaping; epochs are escaped.
 */
public final class WireWriter {
    private WireWriter() {
    }

    public static String ping(long ts) {
        return "{\"type\":\"ping\",\"ts\":" + ts + "}";
    }

    public static String subscribe(long id, String channel) {
        return "{\"type\":\"subscribe\",\"id\":" + id + ",\"channel\":\"" + channel + "\"}";
    }

    public static String subscribeSince(long id, String channel, long seq, String epoch) {
        return "{\"type\":\"subscribe\",\"id\":" + id + ",\"channel\":\"" + channel + "\",\"since\":{\"seq\":" + seq
                + ",\"epoch\":\"" + escape(epoch) + "\"}}";
    }

    public static String publish(long id, String channel, long t, long p, int padding) {
        return "{\"type\":\"publish\",\"id\":" + id + ",\"channel\":\"" + channel + "\",\"data\":" + data(t, p, padding)
                + "}";
    }

    /** The event payload: send time (System.nanoTime, monotonic across processes on Linux) and a counter. */
    public static String data(long t, long p, int padding) {
        return padding <= 0 ? "{\"t\":" + t + ",\"p\":" + p + "}"
                : "{\"t\":" + t + ",\"p\":" + p + ",\"x\":\"" + "x".repeat(padding) + "\"}";
    }

    public static String apiPublish(String channel, long t, long p, int padding) {
        return "{\"channel\":\"" + channel + "\",\"data\":" + data(t, p, padding) + "}";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Checks a channel name against the protocol's rule so it can be written unescaped. */
    public static String checkChannel(String channel) {
        if (channel == null || !channel.matches("[A-Za-z0-9_.:@=-]{1,128}")) {
            throw new IllegalArgumentException("channel: " + channel + " (expected: 1..128 chars of [A-Za-z0-9_.:@=-])");
        }
        return channel;
    }
}
