package io.fusionscaler.signal.queue;

import java.util.Objects;

/**
 * One pod as target discovery sees it.
 *
 * @param name  the pod's name, unique in its namespace: the key of the pod's last value
 * @param ip    {@code status.podIP}; empty until one is assigned
 * @param state the pod's state, mapped from {@code metadata.deletionTimestamp} and {@code status.phase}
 */
public record QueuePod(String name, String ip, State state) {

    public enum State {
        /** {@code status.phase} Pending (or Unknown). */
        PENDING,
        /** {@code status.phase} Running and no deletion timestamp. */
        RUNNING,
        /** A deletion timestamp is set, whatever the phase: it is draining and receives no new work. */
        TERMINATING,
        /** {@code status.phase} Succeeded or Failed. */
        FINISHED
    }

    public QueuePod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(state, "state");
    }

    /** Whether the pod is scraped: running, not being deleted, with an IP. */
    public boolean scrapable() {
        return state == State.RUNNING && !ip.isEmpty();
    }
}
