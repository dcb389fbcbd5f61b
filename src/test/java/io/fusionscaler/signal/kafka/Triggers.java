package io.fusionscaler.signal.kafka;

/** Builds {@link KafkaTrigger}s for tests, starting from KEDA's defaults. */
final class Triggers {

    private KafkaClusterRef cluster = new KafkaClusterRef.Bootstrap("127.0.0.1:9092");
    private String group = "my-group";
    private String topic = "my-topic";
    private long lagThreshold = 10;
    private long activationLagThreshold;
    private OffsetResetPolicy policy = OffsetResetPolicy.LATEST;
    private boolean allowIdleConsumers;
    private boolean limitToPartitionsWithLag;
    private boolean ensureEvenDistribution;
    private boolean excludePersistentLag;
    private boolean scaleToZeroOnInvalidOffset;
    private PartitionLimitation partitionLimitation = PartitionLimitation.ALL;
    private LagPolicy lagPolicy = LagPolicy.THRESHOLD;

    static Triggers trigger() {
        return new Triggers();
    }

    Triggers cluster(KafkaClusterRef value) {
        cluster = value;
        return this;
    }

    Triggers group(String value) {
        group = value;
        return this;
    }

    Triggers topic(String value) {
        topic = value;
        return this;
    }

    Triggers lagThreshold(long value) {
        lagThreshold = value;
        return this;
    }

    Triggers activationLagThreshold(long value) {
        activationLagThreshold = value;
        return this;
    }

    Triggers earliest() {
        policy = OffsetResetPolicy.EARLIEST;
        return this;
    }

    Triggers allowIdleConsumers() {
        allowIdleConsumers = true;
        return this;
    }

    Triggers limitToPartitionsWithLag() {
        limitToPartitionsWithLag = true;
        return this;
    }

    Triggers ensureEvenDistribution() {
        ensureEvenDistribution = true;
        return this;
    }

    Triggers excludePersistentLag() {
        excludePersistentLag = true;
        return this;
    }

    Triggers scaleToZeroOnInvalidOffset() {
        scaleToZeroOnInvalidOffset = true;
        return this;
    }

    Triggers partitionLimitation(PartitionLimitation value) {
        partitionLimitation = value;
        return this;
    }

    /** The rate policy for ScaledObject {@code default/consumer}. */
    Triggers rate(LagRateSettings settings) {
        lagPolicy = new LagPolicy.Rate("default", "consumer", settings);
        return this;
    }

    KafkaTrigger build() {
        return new KafkaTrigger(cluster, group, topic, lagThreshold, activationLagThreshold, policy, allowIdleConsumers,
                limitToPartitionsWithLag, ensureEvenDistribution, excludePersistentLag, scaleToZeroOnInvalidOffset,
                partitionLimitation, lagPolicy);
    }
}
