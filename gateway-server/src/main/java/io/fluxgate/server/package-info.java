/** The runnable gateway: the Reactor Netty HTTP server, its start-up and graceful shutdown, and the command line. */
package io.fluxgate.server;
