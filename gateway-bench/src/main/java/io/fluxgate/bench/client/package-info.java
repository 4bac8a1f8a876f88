/** A Netty WebSocket client for many sockets and the few protocol envelopes the bench reads and writes. */
package io.fluxgate.bench.client;
