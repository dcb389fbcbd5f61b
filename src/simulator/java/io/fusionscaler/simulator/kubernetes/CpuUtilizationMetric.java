package io.fusionscaler.simulator.kubernetes;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A {@code Resource} cpu metric with a {@code Utilization} target, what KEDA's cpu trigger adds to the HPA, computed as
 * {@code GetResourceReplicas} does (replica_calculator.go):
 * <ul>
 *   <li>utilization = floor(100 x usage / requests) over the ready pods, ratio = utilization / target;</li>
 *   <li>no ready pod with a sample: the metric cannot be computed;</li>
 *   <li>no unready pods (or not scaling up): within the tolerance keep spec.replicas, else ceil(ratio x ready);</li>
 *   <li>scaling up with unready pods: they count as 0 % used; the recomputed ratio keeps spec.replicas when it is
 *       within the tolerance or no longer above 1, else the count is ceil(newRatio x (ready + unready)).</li>
 * </ul>
 * Left out: the CPU initialization period's sample-age rule (every ready pod's sample counts) and missing samples
 * (the model's pods always report).
 */
public final class CpuUtilizationMetric implements HpaMetric {

    private final Supplier<OptionalDouble> utilization;
    private final int targetPercent;

    /**
     * @param utilization the ready pods' CPU usage over their requests, 0 to 1; empty when no pod reports
     */
    public CpuUtilizationMetric(Supplier<OptionalDouble> utilization, int targetPercent) {
        if (targetPercent <= 0) {
            throw new IllegalArgumentException("averageUtilization must be > 0, got " + targetPercent);
        }
        this.utilization = utilization;
        this.targetPercent = targetPercent;
    }

    @Override
    public OptionalInt propose(PodCounts pods, Tolerance tolerance) {
        OptionalDouble used = utilization.get();
        if (used.isEmpty() || pods.readyReplicas() == 0) {
            return OptionalInt.empty();
        }
        long percent = (long) Math.floor(used.getAsDouble() * 100);
        double ratio = (double) percent / targetPercent;
        int ready = pods.readyReplicas();
        int unready = pods.unreadyReplicas();
        if (unready == 0 || ratio <= 1.0) {
            if (tolerance.isWithin(ratio)) {
                return OptionalInt.of(pods.specReplicas());
            }
            return OptionalInt.of((int) Math.ceil(ratio * ready));
        }
        double newRatio = Math.floor(used.getAsDouble() * 100 * ready / (ready + unready)) / targetPercent;
        if (tolerance.isWithin(newRatio) || newRatio < 1.0) {
            return OptionalInt.of(pods.specReplicas());
        }
        int replicas = (int) Math.ceil(newRatio * (ready + unready));
        return OptionalInt.of(Math.max(replicas, pods.specReplicas()));
    }
}
