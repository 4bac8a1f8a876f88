/** Reports: mergeable results, derived figures, terminal tables, JSON and self-contained HTML. */
package io.fluxgate.bench.report;
