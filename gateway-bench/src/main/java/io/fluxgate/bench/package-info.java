/** The fluxgate-bench load generator: command line, options, run phases and server probes. */
package io.fluxgate.bench;
