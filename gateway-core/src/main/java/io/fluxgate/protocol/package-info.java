/** Wire protocol v1: the envelope records, their error and close codes, and the one codec that turns frames into typed commands and messages into JSON. */
package io.fluxgate.protocol;
