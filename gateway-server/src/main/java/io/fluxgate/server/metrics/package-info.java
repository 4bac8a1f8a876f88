/** Micrometer meters for the gateway, the JVM and Netty, scraped by Prometheus at {@code /metrics}. */
package io.fluxgate.server.metrics;
