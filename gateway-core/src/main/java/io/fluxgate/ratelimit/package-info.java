/** Per-client token buckets (Bucket4j) that decide, without blocking, whether a command may run now. */
package io.fluxgate.ratelimit;
