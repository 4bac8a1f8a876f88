package io.fluxgate.bench.client;

/**
 * The fields of a server envelope the bench looks at; numbers absent from the frame are {@link #NONE}.
 * {@code dataT}/{@code dataP} are the bench's own {@code data: {"t": sendNanos, "p": n}} markers.
 */
public record Inbound(String type, long id, long ts, String channel, long seq, String epoch, Boolean recovered,
                      String code, long dataT, long dataP) {
    public static final long NONE = Long.MIN_VALUE;

    public boolean is(String t) {
        return t.equals(type);
    }
}
