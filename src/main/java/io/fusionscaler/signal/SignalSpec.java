package io.fusionscaler.signal;

/**
 * A signal's validated settings for one trigger. Implementations are records: equal specs share one
 * refresh and one state, however many ScaledObjects use them.
 */
public interface SignalSpec {

    /** The signal's name as users see it in errors, metrics and the explain view, e.g. {@code kafka}. */
    String signal();

    /**
     * Specs of one source in different lanes refresh independently: a slow or dead lane (one Kafka cluster,
     * say) never delays or stales another. Specs of one lane are refreshed together, in one batched call.
     */
    default Object refreshLane() {
        return "default";
    }

    /** The lane as the {@code lane} label of the engine's refresh metrics: short, low-cardinality, no secret. */
    default String laneLabel() {
        return "default";
    }
}
