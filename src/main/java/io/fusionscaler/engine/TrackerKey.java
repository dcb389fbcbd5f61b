package io.fusionscaler.engine;

import java.util.Map;

/** Identifies one trigger of one ScaledObject: KEDA sends the same name, namespace and metadata on every call. */
public record TrackerKey(String namespace, String name, Map<String, String> metadata) {

    public TrackerKey {
        metadata = Map.copyOf(metadata);
    }

    /** A short, stable id telling apart two triggers of the same ScaledObject (metrics label, explain view). */
    public String triggerId() {
        return String.format("%08x", metadata.hashCode());
    }

    @Override
    public String toString() {
        return namespace + "/" + name + "#" + triggerId();
    }
}
