package io.fusionscaler.simulator.kubernetes;

import java.util.OptionalInt;

/** One entry of an HPA's {@code metrics}: the replica count it proposes at a sync. */
@FunctionalInterface
public interface HpaMetric {

    /**
     * @return the proposed replica count, or empty when this metric cannot be computed at this sync (the HPA then
     *         decides on the others, and does not scale when none can be computed)
     */
    OptionalInt propose(PodCounts pods, Tolerance tolerance);
}
