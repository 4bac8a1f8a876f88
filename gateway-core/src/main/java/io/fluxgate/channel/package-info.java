/** Channel names, who is connected, and the namespace rules that decide who may publish and subscribe where. */
package io.fluxgate.channel;
