package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.RefreshDeadline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate policy inside the Kafka source: per trigger a {@link LagRateModel} and its offset totals, fed once per
 * refresh with the offsets just fetched and the target's replica count. The threshold policy's answer (stalled partitions
 * left out) is the fallback while the model does not know a rate, and the partition cap is the threshold policy's.
 */
final class LagRatePolicy {

    private record State(LagRateModel model, OffsetProgress progress) {
    }

    private final ConsumerReplicas replicas;
    private final Map<KafkaTrigger, State> states = new ConcurrentHashMap<>();

    LagRatePolicy(ConsumerReplicas replicas) {
        this.replicas = replicas;
    }

    /**
     * The replicas {@code spec} asks for; the figures behind them go into {@code details}. The replica lookup gets half
     * of what is left of the lane's deadline, so a Kubernetes API that hangs cannot make the Kafka figures late.
     */
    long desiredReplicas(KafkaTrigger spec, LagPolicy.Rate rate, List<PartitionOffsets> partitions, Set<PartitionId> stalled,
                         LagResult lag, Instant at, RefreshDeadline deadline, Map<String, Object> details) {
        State state = states.computeIfAbsent(spec, s -> new State(new LagRateModel(rate.settings()), new OffsetProgress()));
        OptionalInt current = replicaCount(rate, deadline, details);
        OffsetProgress.Totals totals = state.progress().update(partitions, stalled);
        LagRateDecision decision = state.model().observe(at, totals.produced(), totals.consumed(), lag.lag(),
                lag.replicaCap().orElse(Long.MAX_VALUE), current, lag.desiredReplicas());
        long desired = decision.desiredReplicas();
        String reason = decision.reason();
        if (spec.ensureEvenDistributionOfPartitions() && desired > 0) {
            long even = LagCalculator.evenDistributionFactor(desired, lag.partitions(), 1);
            if (even != desired) {
                reason += "; rounded up to " + even + ", a factor of the " + lag.partitions() + " partitions";
            }
            desired = even;
        }
        decision.inputRate().ifPresent(r -> details.put("inputRate", rounded(r)));
        decision.replicaRate().ifPresent(r -> details.put("replicaRate", rounded(r)));
        details.put("drainTime", decision.drainTime().map(LagRateModel::text)
                .orElse(decision.usedFallback() || current.isEmpty() ? "unknown" : "never at the current replicas"));
        details.put("thresholdReplicas", lag.desiredReplicas());
        details.put("policyReason", reason);
        return desired;
    }

    void forget(KafkaTrigger spec) {
        states.remove(spec);
    }

    private OptionalInt replicaCount(LagPolicy.Rate rate, RefreshDeadline deadline, Map<String, Object> details) {
        long halfNanos = deadline.remainingMillis() * 1_000_000 / 2;
        ConsumerReplicas.Count count = replicas.count(rate.namespace(), rate.scaledObject(),
                new RefreshDeadline(System.nanoTime() + halfNanos, deadline.budget()));
        if (count instanceof ConsumerReplicas.Count.Known known) {
            details.put("replicas", known.replicas());
            details.put("replicasOf", known.target());
            return OptionalInt.of(known.replicas());
        }
        details.put("replicasUnknown", ((ConsumerReplicas.Count.Unknown) count).reason());
        return OptionalInt.empty();
    }

    private static double rounded(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
