/** One connection as a reactor-core pipeline, independent of sockets: decode, rate-limit, route, and one bounded, batching outbox per session. */
package io.fluxgate.session;
