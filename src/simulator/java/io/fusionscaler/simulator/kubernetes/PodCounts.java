package io.fusionscaler.simulator.kubernetes;

/**
 * The target as the HPA reads it at a sync.
 *
 * @param specReplicas   {@code /scale} spec.replicas: what the HPA compares its recommendation with
 * @param statusReplicas {@code /scale} status.replicas: pods that exist, started or not (the divisor of AverageValue)
 * @param readyReplicas  pods that are ready; the others count as unready for resource metrics
 */
public record PodCounts(int specReplicas, int statusReplicas, int readyReplicas) {

    public PodCounts {
        if (specReplicas < 0 || statusReplicas < 0 || readyReplicas < 0 || readyReplicas > statusReplicas) {
            throw new IllegalArgumentException("inconsistent pod counts: spec " + specReplicas + ", status "
                    + statusReplicas + ", ready " + readyReplicas);
        }
    }

    public int unreadyReplicas() {
        return statusReplicas - readyReplicas;
    }
}
