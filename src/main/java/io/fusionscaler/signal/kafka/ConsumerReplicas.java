package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.RefreshDeadline;

import java.util.Objects;

/** How many replicas of a ScaledObject's target consume now: the rate policy divides the processing rate by it. */
@FunctionalInterface
public interface ConsumerReplicas {

    /** Never throws and waits at most until {@code deadline}: a problem is an {@link Count.Unknown} naming it. */
    Count count(String namespace, String scaledObject, RefreshDeadline deadline);

    /** A replica count, or why there is none. */
    sealed interface Count {

        /** {@code replicas} consume now; {@code target} names what was counted, for the explain view. */
        record Known(int replicas, String target) implements Count {
            public Known {
                Objects.requireNonNull(target, "target");
                if (replicas < 0) {
                    throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
                }
            }
        }

        record Unknown(String reason) implements Count {
            public Unknown {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
