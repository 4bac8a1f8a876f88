/** The validated, immutable gateway configuration and the loader that binds it from YAML, FLUXGATE_* variables and flags. */
package io.fluxgate.config;
