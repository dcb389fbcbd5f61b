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
        PartitionLimitation partitionLimitation) implements SignalSpec {

    public static final String SIGNAL = "kafka";

    public KafkaTrigger {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(offsetResetPolicy, "offsetResetPolicy");
        if (lagThreshold <= 0) {
            throw new IllegalArgumentException("lagThreshold must be > 0, got " + lagThreshold);
        }
        Objects.requireNonNull(partitionLimitation, "partitionLimitation");
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
}
