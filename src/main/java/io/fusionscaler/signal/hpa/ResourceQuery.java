package io.fusionscaler.signal.hpa;

import java.util.Objects;

/**
 * What one resource signal of one trigger measures: the target of ScaledObject {@code namespace/scaledObject}, one
 * resource of its pods (or of one container of them), against a per-pod target.
 *
 * @param container one container's usage and request only; empty for whole pods
 */
public record ResourceQuery(String signal, String namespace, String scaledObject, ResourceName resource, String container,
        ResourceTarget target) {

    public ResourceQuery {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scaledObject, "scaledObject");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(target, "target");
    }
}
