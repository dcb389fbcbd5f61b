package io.fusionscaler.signal.memory;

import io.fusionscaler.signal.NamespaceLane;
import io.fusionscaler.signal.hpa.ResourceName;
import io.fusionscaler.signal.hpa.ResourceQuery;
import io.fusionscaler.signal.hpa.ResourceTarget;

import java.util.Objects;

/**
 * A trigger's memory settings: the working set of the target's pods (or of one container, {@code container}) should be
 * {@code target}: a percentage of their memory requests, or an average per pod such as {@code 300Mi}. One lane per
 * namespace: one PodMetrics list per namespace per refresh, shared with the CPU signal.
 */
public record MemoryTrigger(String namespace, String scaledObject, ResourceTarget target, String container) implements NamespaceLane {

    public static final String SIGNAL = "memory";

    public MemoryTrigger {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scaledObject, "scaledObject");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(container, "container");
    }

    @Override
    public String signal() {
        return SIGNAL;
    }

    ResourceQuery query() {
        return new ResourceQuery(SIGNAL, namespace, scaledObject, ResourceName.MEMORY, container, target);
    }
}
