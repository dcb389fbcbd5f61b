package io.fusionscaler.testing.broker;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The brokers this JVM started and has not closed yet; a shutdown hook closes them when the JVM exits. */
final class LiveBrokers {

    private static final Set<KafkaBroker> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean SHUTDOWN_HOOK_INSTALLED = new AtomicBoolean();

    private LiveBrokers() {
    }

    static void add(KafkaBroker broker) {
        LIVE.add(broker);
        if (SHUTDOWN_HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(LiveBrokers::closeAll, "kafka-broker-shutdown"));
        }
    }

    static void remove(KafkaBroker broker) {
        LIVE.remove(broker);
    }

    private static void closeAll() {
        for (KafkaBroker broker : List.copyOf(LIVE)) {
            try {
                broker.close();
            } catch (RuntimeException | LinkageError e) {
                // e.g. a Quarkus class loader already closed; the watchdog stops the broker when this JVM is gone
                System.err.println("Could not stop " + broker + ": " + e);
            }
        }
    }
}
