/** Logback set-up (level, text or JSON lines), the access log, and the live {@code $logs} channel feed. */
package io.fluxgate.server.logging;
