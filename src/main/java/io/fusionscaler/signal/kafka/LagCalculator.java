package io.fusionscaler.signal.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * KEDA's kafka scaler arithmetic ({@code getLagForPartition} and {@code getTotalLag}) on plain offsets.
 *
 * <p>One departure, in the replica count only: KEDA caps the lag with an integer division, so a lag of 35
 * with threshold 10 on 3 partitions stays 35 (35 / 10 = 3 is not above 3) and the HPA then asks
 * ceil(35 / 10) = 4 replicas, one more than there are partitions (kedacore/keda#4483). The reported lag
 * here is KEDA's, but desired replicas are also held to the cap.
 */
public final class LagCalculator {

    private LagCalculator() {
    }

    /** One partition's lag, given the trigger's options and whether its committed offset is stalled. */
    static PartitionLag partitionLag(KafkaTrigger trigger, PartitionOffsets offsets, boolean commitStalled) {
        if (offsets.committed().isEmpty() && trigger.offsetResetPolicy() == OffsetResetPolicy.LATEST) {
            // One message's worth of lag starts one consumer, which then commits; unless told to stay at zero.
            return PartitionLag.of(trigger.scaleToZeroOnInvalidOffset() ? 0 : 1);
        }
        if (offsets.logEnd().isEmpty()) {
            return PartitionLag.NONE;
        }
        long logEnd = offsets.logEnd().getAsLong();
        if (offsets.committed().isEmpty()) {
            if (trigger.scaleToZeroOnInvalidOffset()) {
                return PartitionLag.NONE;
            }
            long logStart = offsets.logStart().orElseThrow(() -> new IllegalArgumentException(
                    "earliest policy without a committed offset needs the log-start offset of " + offsets.partition()));
            return PartitionLag.of(logEnd - logStart);
        }
        long lag = logEnd - offsets.committed().getAsLong();
        if (trigger.excludesStalledLag() && commitStalled) {
            return new PartitionLag(0, lag);
        }
        return PartitionLag.of(lag);
    }

    /**
     * The trigger's total lag over {@code partitions} (already narrowed by partitionLimitation), and the replicas KEDA's
     * threshold policy asks for; {@code stalledCommits} are the partitions whose committed offset is stalled.
     */
    public static LagResult total(KafkaTrigger trigger, List<PartitionOffsets> partitions, Set<PartitionId> stalledCommits) {
        long lag = 0;
        long activationLag = 0;
        int partitionsWithLag = 0;
        for (PartitionOffsets offsets : partitions) {
            PartitionLag partitionLag = partitionLag(trigger, offsets, stalledCommits.contains(offsets.partition()));
            lag += partitionLag.scaling();
            activationLag += partitionLag.activation();
            if (partitionLag.scaling() > 0) {
                partitionsWithLag++;
            }
        }
        long threshold = trigger.lagThreshold();
        boolean active = activationLag > trigger.activationLagThreshold();
        if (trigger.allowIdleConsumers() && !trigger.limitToPartitionsWithLag()) {
            return new LagResult(lag, activationLag, lag, partitions.size(), partitionsWithLag, OptionalLong.empty(),
                    Math.max(0, ceilDiv(lag, threshold)), active);
        }
        long upperBound = trigger.limitToPartitionsWithLag() ? partitionsWithLag : partitions.size();
        long reported = lag;
        if (trigger.ensureEvenDistributionOfPartitions()) {
            reported = evenDistributionFactor(lag, partitions.size(), threshold) * threshold;
        }
        if (reported / threshold > upperBound) {
            reported = upperBound * threshold;
        }
        long desired = Math.max(0, Math.min(ceilDiv(reported, threshold), upperBound));
        return new LagResult(lag, activationLag, reported, partitions.size(), partitionsWithLag, OptionalLong.of(upperBound),
                desired, active);
    }

    /**
     * The smallest factor of {@code partitions} whose consumers, at {@code threshold} each, cover {@code lag};
     * {@code partitions} itself when none does. Every consumer then gets the same number of partitions.
     */
    static long evenDistributionFactor(long lag, long partitions, long threshold) {
        for (long factor : factors(partitions)) {
            if (factor * threshold >= lag) {
                return factor;
            }
        }
        return partitions;
    }

    /** The divisors of {@code n} in ascending order; none for {@code n < 1}. */
    static List<Long> factors(long n) {
        List<Long> small = new ArrayList<>();
        List<Long> large = new ArrayList<>();
        for (long i = 1; i * i <= n; i++) {
            if (n % i == 0) {
                small.add(i);
                if (i != n / i) {
                    large.add(0, n / i);
                }
            }
        }
        small.addAll(large);
        return small;
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}
