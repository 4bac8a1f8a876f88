/** The WebSocket endpoint: handshake checks (auth, origin, connection limits) and the adapter from a socket to a client session. */
package io.fluxgate.server.ws;
