package io.fusionscaler.simulator.workload;

import java.util.OptionalDouble;

/** What the scalers can observe of the workload: Kafka's offsets, the target's /scale, the pods' CPU. */
public interface WorkloadView {

    /** The topic's log-end offset, summed over partitions. */
    long produced();

    /** The group's committed offset, summed over partitions (consumers commit what they processed). */
    long consumed();

    /** The target's replicas (spec), starting pods included. */
    int replicas();

    /** Replicas whose pod has started and consumes. */
    int readyReplicas();

    /** Partitions of the topic. */
    int partitions();

    /**
     * CPU utilization of the ready pods as metrics-server reports it: busy time over the last
     * {@link Workload#CPU_WINDOW_SECONDS} seconds divided by the ready pods' capacity in that time, 0 to 1; empty
     * while no pod has been ready in that window.
     */
    OptionalDouble cpuUtilization();
}
