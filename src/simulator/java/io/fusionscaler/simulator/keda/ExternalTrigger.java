package io.fusionscaler.simulator.keda;

import io.fusionscaler.simulator.workload.WorkloadView;

/**
 * A ScaledObject trigger that gives the HPA an External metric with an AverageValue target (every KEDA trigger but
 * cpu and memory).
 */
public interface ExternalTrigger {

    /** The trigger's {@code name}, by which a scalingModifiers formula refers to its value. */
    String name();

    /** The AverageValue target its metric spec announces. */
    double target();

    /** Its scaler's answer at this moment: the metric value and the activity. */
    TriggerReading read(WorkloadView view);

    /**
     * Called every second, before KEDA or the HPA look: a scaler that keeps its own data fresh refreshes here.
     *
     * @return true when the scaler pushes an activation now ({@code external-push}: StreamIsActive sends true)
     */
    default boolean tick(WorkloadView view, long now) {
        return false;
    }
}
