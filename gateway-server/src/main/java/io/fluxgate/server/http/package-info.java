/** Plain HTTP endpoints served beside the WebSocket: liveness and readiness, and the other operational and backend routes. */
package io.fluxgate.server.http;
