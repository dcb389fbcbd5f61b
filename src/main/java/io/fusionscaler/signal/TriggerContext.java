package io.fusionscaler.signal;

import java.util.Objects;

/**
 * What a parser sees of a trigger: the ScaledObject that owns it as well as its metadata, so a spec that
 * measures the target (its pods, its CPU) is never shared with the same metadata in another namespace.
 */
public record TriggerContext(String namespace, String scaledObject, TriggerMetadata metadata) {

    public TriggerContext {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scaledObject, "scaledObject");
        Objects.requireNonNull(metadata, "metadata");
    }
}
