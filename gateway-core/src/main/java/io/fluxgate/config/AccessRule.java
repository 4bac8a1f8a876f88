package io.fluxgate.config;

/** Who may publish to or subscribe to the channels of a namespace. */
public enum AccessRule {
    /** Every authenticated (or, in open mode, every) client. */
    ANY,
    /** Only the client whose id equals the channel name after the namespace, as for {@code inbox:<id>}. */
    OWNER,
    /** Only clients whose token carries {@code admin: true}. */
    ADMIN,
    /** Nobody over WebSocket: only backends through the server HTTP API. */
    API
}
