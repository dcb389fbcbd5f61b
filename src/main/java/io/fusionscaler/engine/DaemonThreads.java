package io.fusionscaler.engine;

import java.util.concurrent.ThreadFactory;

/** Thread factories for the engine's executors: named, and daemons so they never hold the JVM up. */
final class DaemonThreads {

    private DaemonThreads() {
    }

    static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
