package io.fusionscaler.signal.hpa;

import java.util.Set;

/**
 * The HPA's sorting of a target's pods.
 *
 * @param ready   pods whose own sample counts
 * @param unready pending pods, and (CPU only) pods not ready or still starting, whose samples are held back
 * @param missing pods without a sample
 * @param ignored pods being deleted or failed
 */
public record PodGroups(int ready, Set<String> unready, Set<String> missing, Set<String> ignored) {

    public PodGroups {
        unready = Set.copyOf(unready);
        missing = Set.copyOf(missing);
        ignored = Set.copyOf(ignored);
    }

    /** Pods that take part at all: every pod but the ignored ones. */
    public int counted() {
        return ready + unready.size() + missing.size();
    }
}
