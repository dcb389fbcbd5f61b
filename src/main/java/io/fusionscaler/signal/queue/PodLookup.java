package io.fusionscaler.signal.queue;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** The answer of {@link QueuePods}. */
public sealed interface PodLookup {

    /**
     * The pods as they are now, in any phase.
     *
     * @param replicas the target's {@code spec.replicas} for {@link QueuePods#targetPods}; empty for
     *                 {@link QueuePods#selectedPods}
     */
    record Found(List<QueuePod> pods, OptionalInt replicas) implements PodLookup {
        public Found {
            pods = List.copyOf(pods);
            Objects.requireNonNull(replicas, "replicas");
        }
    }

    /** The target's {@code spec.replicas} is 0: nothing to scrape, known for sure. {@code target} names it (kind/name). */
    record ScaledToZero(String target) implements PodLookup {
        public ScaledToZero {
            Objects.requireNonNull(target, "target");
        }
    }

    /** The pods cannot be known now; {@code reason} is shown to users, so it names what is missing. */
    record Unknown(String reason) implements PodLookup {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
