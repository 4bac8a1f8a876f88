package io.fluxgate.server;

import sun.misc.Signal;

/** Runs a task on SIGTERM or SIGINT instead of the JVM's default exit (which would skip the drain's exit code). */
final class Signals {
    private Signals() {
    }

    static void onTerminate(Runnable task) {
        Thread[] started = new Thread[1];
        Signal.handle(new Signal("TERM"), s -> start(task, started));
        Signal.handle(new Signal("INT"), s -> start(task, started));
    }

    private static synchronized void start(Runnable task, Thread[] started) {
        if (started[0] == null) {
            started[0] = new Thread(task, "fluxgate-shutdown");
            started[0].start();
        }
    }
}
