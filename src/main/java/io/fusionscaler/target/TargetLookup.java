package io.fusionscaler.target;

import java.util.List;
import java.util.Objects;

/** A ScaledObject's scale target and its pods, or why they are not known. */
public sealed interface TargetLookup {

    /** The target as its {@code /scale} states it, and the pods its selector matches (any phase). */
    record Found(ScaleTarget target, List<TargetPod> pods) implements TargetLookup {
        public Found {
            Objects.requireNonNull(target, "target");
            pods = List.copyOf(pods);
        }
    }

    /**
     * Not known: the ScaledObject or its target does not exist, the API server cannot be reached, a cache has not
     * synced, the namespace is not watched by this scaler. {@code reason} names what is missing.
     */
    record Unavailable(String reason) implements TargetLookup {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
