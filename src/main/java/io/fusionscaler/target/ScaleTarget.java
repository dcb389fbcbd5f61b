package io.fusionscaler.target;

import java.util.Objects;

/**
 * What a ScaledObject scales, as its {@code /scale} subresource states it.
 *
 * @param specReplicas   the desired count ({@code spec.replicas}): the HPA's current replicas
 * @param statusReplicas the count the workload controller last observed ({@code status.replicas})
 * @param selector       the pods that belong to it ({@code status.selector})
 */
public record ScaleTarget(String namespace, TargetRef ref, int specReplicas, int statusReplicas, PodSelector selector) {

    public ScaleTarget {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(selector, "selector");
    }

    /** Scaled to zero: nothing runs, so pod-based figures are absent rather than failed or zero. */
    public boolean scaledToZero() {
        return specReplicas == 0;
    }

    /** {@code Deployment/api (spec.replicas 3)}, as messages show it. */
    public String describe() {
        return ref + " (spec.replicas " + specReplicas + ")";
    }
}
