/** Measurement primitives: HdrHistogram recorders, per-second series and per-subscriber seq checks. */
package io.fluxgate.bench.measure;
