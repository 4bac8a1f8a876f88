/** Multi-process runs: the parent spawning child JVMs and the line protocol between them. */
package io.fluxgate.bench.proc;
