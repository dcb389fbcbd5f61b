package io.fusionscaler.signal;

/**
 * A spec refreshed in one lane per namespace (the pod-based signals): the specs of one namespace are refreshed together,
 * in one batched call, and a namespace whose pods or metrics hang cannot delay or stale another namespace's triggers.
 * The lane and its metrics label are the namespace.
 */
public interface NamespaceLane extends SignalSpec {

    /** The ScaledObject's namespace. */
    String namespace();

    @Override
    default Object refreshLane() {
        return namespace();
    }

    @Override
    default String laneLabel() {
        return namespace();
    }
}
