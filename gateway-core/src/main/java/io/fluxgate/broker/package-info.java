/** Channels' event streams: the Broker contract (order, seq and epoch, history, recovery, idempotency) and its in-memory implementation. */
package io.fluxgate.broker;
