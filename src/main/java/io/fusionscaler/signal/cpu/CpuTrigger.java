package io.fusionscaler.signal.cpu;

import io.fusionscaler.signal.NamespaceLane;
import io.fusionscaler.signal.hpa.ResourceName;
import io.fusionscaler.signal.hpa.ResourceQuery;
import io.fusionscaler.signal.hpa.ResourceTarget;

import java.util.Objects;

/**
 * A trigger's CPU utilization settings: the target's pods (from its ScaledObject) should use {@code targetUtilization}
 * percent of their CPU requests, or of one container's ({@code container}, empty for whole pods). One lane per
 * namespace: one PodMetrics list per namespace per refresh.
 */
public record CpuTrigger(String namespace, String scaledObject, int targetUtilization, String container) implements NamespaceLane {

    public static final String SIGNAL = "cpu";

    public CpuTrigger {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scaledObject, "scaledObject");
        Objects.requireNonNull(container, "container");
        if (targetUtilization <= 0) {
            throw new IllegalArgumentException("targetUtilization must be > 0, got " + targetUtilization);
        }
    }

    @Override
    public String signal() {
        return SIGNAL;
    }

    ResourceQuery query() {
        return new ResourceQuery(SIGNAL, namespace, scaledObject, ResourceName.CPU, container, new ResourceTarget.Utilization(targetUtilization));
    }
}
