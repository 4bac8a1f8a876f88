/** Client authentication with HS256 JSON Web Tokens: at the handshake, on {@code refresh}, and their expiry. */
package io.fluxgate.server.auth;
