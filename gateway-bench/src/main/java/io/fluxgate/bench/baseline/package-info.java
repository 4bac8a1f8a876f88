/** The raw Netty baseline server: the floor the gateway's overhead is measured against. */
package io.fluxgate.bench.baseline;
