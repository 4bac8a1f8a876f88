package io.fluxgate.config;

/** Log line format. */
public enum LogFormat {
    TEXT,
    JSON
}
