package io.fusionscaler.signal.hpa;

import java.time.Instant;
import java.util.Objects;

/** What the HPA's Resource-metric arithmetic makes of one target's pods and metrics. */
public sealed interface Replicas {

    /**
     * A replica count.
     *
     * @param usage       the utilization in percent of requests (utilization targets) or the average usage per pod in
     *                    thousandths (average-value targets), before missing and unready pods are filled in, as the
     *                    HPA reports it in its status
     * @param rawAverage  the average usage per pod in thousandths, over the pods that counted
     * @param observedAt  the oldest timestamp of the metrics that counted
     * @param pods        how the pods were sorted
     */
    record Calculated(long replicas, long usage, long rawAverage, Instant observedAt, PodGroups pods) implements Replicas {
        public Calculated {
            Objects.requireNonNull(observedAt, "observedAt");
            Objects.requireNonNull(pods, "pods");
        }
    }

    /** Nothing to measure yet: the target has no pods, or every pod is still pending or not ready. */
    record NothingToMeasure(String reason) implements Replicas {
        public NothingToMeasure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The HPA would refuse to compute (no metrics for running pods, a missing request…); {@code reason} says why. */
    record Refused(String reason) implements Replicas {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
