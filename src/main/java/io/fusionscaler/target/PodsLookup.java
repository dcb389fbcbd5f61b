package io.fusionscaler.target;

import java.util.List;
import java.util.Objects;

/** The pods a selector matches in one namespace, or why they are not known. */
public sealed interface PodsLookup {

    record Found(List<TargetPod> pods) implements PodsLookup {
        public Found {
            pods = List.copyOf(pods);
        }
    }

    /** Not known (API server unreachable, cache not synced, namespace not watched); {@code reason} says which. */
    record Unavailable(String reason) implements PodsLookup {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
