package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.SignalSpec;

import java.util.Objects;

/**
 * A trigger's Kafka lag settings: KEDA's kafka scaler options, with KEDA's names and meaning.
 * {@code bootstrapServers} and our {@code kafkaCluster} both become {@link #cluster}; {@code fullMetadata}
 * and {@code version} are accepted by the parser but change nothing here, so they are not part of the spec.
 *
 * @param topic               the topic; empty means every topic the group has committed offsets on
 * @param partitionLimitation the partitions of {@code topic} that count; {@link PartitionLimitation#ALL} without a topic
 * @param lagPolicy           how lag becomes replicas; {@link LagPolicy#THRESHOLD} is KEDA's
 */
public record KafkaTrigger(
        KafkaClusterRef cluster,
        String consumerGroup,
        String topic,
        long lagThreshold,
        long activationLagThreshold,
        OffsetResetPolicy offsetResetPolicy,
        boolean allowIdleConsumers,
        boolean limitToPartitionsWithLag,
        boolean ensureEvenDistributionOfPartitions,
        boolean excludePersistentLag,
        boolean scaleToZeroOnInvalidOffset,
        PartitionLimitation partitionLimitation,
        LagPolicy lagPolicy) implements SignalSpec {

    public static final String SIGNAL = "kafka";
    /** The key of the reading's details that counts the stalled partitions (a metric per trigger reads it). */
    public static final String STALLED_PARTITION_COUNT = "stalledPartitionCount";

    public KafkaTrigger {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(offsetResetPolicy, "offsetResetPolicy");
        if (lagThreshold <= 0) {
            throw new IllegalArgumentException("lagThreshold must be > 0, got " + lagThreshold);
        }
        Objects.requireNonNull(partitionLimitation, "partitionLimitation");
        Objects.requireNonNull(lagPolicy, "lagPolicy");
    }

    /** A trigger with KEDA's threshold policy. */
    public KafkaTrigger(KafkaClusterRef cluster, String consumerGroup, String topic, long lagThreshold, long activationLagThreshold,
                        OffsetResetPolicy offsetResetPolicy, boolean allowIdleConsumers, boolean limitToPartitionsWithLag,
                        boolean ensureEvenDistributionOfPartitions, boolean excludePersistentLag, boolean scaleToZeroOnInvalidOffset,
                        PartitionLimitation partitionLimitation) {
        this(cluster, consumerGroup, topic, lagThreshold, activationLagThreshold, offsetResetPolicy, allowIdleConsumers,
                limitToPartitionsWithLag, ensureEvenDistributionOfPartitions, excludePersistentLag, scaleToZeroOnInvalidOffset,
                partitionLimitation, LagPolicy.THRESHOLD);
    }

    @Override
    public String signal() {
        return SIGNAL;
    }

    /** Each cluster refreshes on its own: an unreachable cluster must not stale triggers on healthy ones. */
    @Override
    public Object refreshLane() {
        return cluster;
    }

    @Override
    public String laneLabel() {
        return cluster.metricTag();
    }

    public boolean hasTopic() {
        return !topic.isEmpty();
    }

    /**
     * Whether the lag of stalled partitions adds no replicas: always under the rate policy (more consumers do not unstick
     * a partition), under the threshold policy only with {@code excludePersistentLag}, as in KEDA.
     */
    public boolean excludesStalledLag() {
        return excludePersistentLag || lagPolicy instanceof LagPolicy.Rate;
    }
}
