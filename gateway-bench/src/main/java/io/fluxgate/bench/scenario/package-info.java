/** The load scenarios (connect, echo, raw-echo, broadcast, burst, resume) as picocli subcommands. */
package io.fluxgate.bench.scenario;
