package io.fusionscaler.signal.kafka;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.testing.ConsumerGroupsTool;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.MutableClock;
import io.fusionscaler.testing.broker.KafkaBroker;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lag-rate policy and stall detection on a real broker: offsets really produced and committed, read by the real
 * source; only time is the test's, one second per refresh, so nothing waits on the wall clock.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaLagRateBrokerIT {

    private static final LagRateSettings RATE = new LagRateSettings(Duration.ofSeconds(60), OptionalDouble.of(20), Duration.ZERO,
            Duration.ofSeconds(10));

    private static KafkaBroker broker;
    private static KafkaTestData data;
    private static ConsumerGroupsTool tool;
    private static KafkaClusterRef cluster;
    /** Window 0: a commit unchanged, with lag, since the previous refresh is stalled. */
    private static TestKafkaConfig config;
    private static KafkaAdmins admins;
    private static MutableClock clock;
    private static KafkaLagSource source;

    @BeforeAll
    static void start() {
        broker = KafkaBrokerResource.broker();
        data = KafkaTestData.forBroker(broker);
        tool = ConsumerGroupsTool.forBroker(broker);
        cluster = new KafkaClusterRef.Bootstrap(broker.bootstrapServers());
        config = TestKafkaConfig.defaults().withPersistentLagWindow(Duration.ZERO);
        admins = new KafkaAdmins(config);
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        source = new KafkaLagSource(config, admins, new IdleTriggerWatch(config), clock, FixedReplicas.unknown().set(1));
    }

    @AfterAll
    static void stop() {
        admins.close();
        data.close();
    }

    /** One refresh of {@code triggers}, a second after the previous one. */
    private static Map<KafkaTrigger, SignalReading> refresh(KafkaTrigger... triggers) {
        clock.advance(Duration.ofSeconds(1));
        Map<KafkaTrigger, SignalReading> readings = new HashMap<>();
        KafkaLanes.refresh(source, config, List.of(triggers)).forEach((trigger, outcome) -> {
            assertThat(outcome).as("outcome of %s", trigger).isInstanceOf(SignalOutcome.Measured.class);
            readings.put(trigger, ((SignalOutcome.Measured) outcome).reading());
        });
        return readings;
    }

    private static Map<TopicPartition, Long> everyPartition(String topic, int partitions, long offset) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            offsets.put(new TopicPartition(topic, p), offset);
        }
        return offsets;
    }

    @Test
    void groupFallingBehindGetsReplicasFromTheRatePolicyBeforeItsLagIsWhatTheThresholdPolicyNeedsForThem() {
        String topic = KafkaTestData.uniqueTopic("behind");
        String group = KafkaTestData.uniqueGroup("behind");
        data.createTopic(topic, 4);
        data.commitOffsets(group, everyPartition(topic, 4, 0));
        KafkaTrigger rate = trigger().cluster(cluster).group(group).topic(topic).lagThreshold(100).rate(RATE).build();
        KafkaTrigger threshold = trigger().cluster(cluster).group(group).topic(topic).lagThreshold(100).build();

        SignalReading rateReading = null;
        SignalReading thresholdReading = null;
        for (int second = 1; second <= 3; second++) {
            // 40 messages a second arrive, the group commits 20 a second: it falls behind by 20 a second
            data.produce(topic, Map.of(0, 10, 1, 10, 2, 10, 3, 10));
            data.commitOffsets(group, everyPartition(topic, 4, 5L * second));
            Map<KafkaTrigger, SignalReading> readings = refresh(rate, threshold);
            rateReading = readings.get(rate);
            thresholdReading = readings.get(threshold);
        }

        assertThat(tool.totalLag(group)).isEqualTo(60);
        assertThat(rateReading.details()).containsEntry("lag", 60L).containsEntry("inputRate", 40.0)
                .containsEntry("replicaRate", 20.0).containsEntry("lagPolicy", "rate");
        // (40/s + 60 / 60 s) / 20 per replica → 3, while 60 messages of lag are not one lagThreshold of 100
        assertThat(rateReading.desiredReplicas()).isEqualTo(3);
        assertThat(thresholdReading.desiredReplicas()).isEqualTo(1);
        assertThat(rateReading.details()).containsEntry("thresholdReplicas", 1L);
        assertThat((String) rateReading.details().get("policyReason")).contains("λ_in 40.00/s", "μ 20.00/s from lagReplicaRate");
    }

    @Test
    void stalledPartitionAddsNoReplicasKeepsTheTriggerActiveAndIsNamed() {
        String topic = KafkaTestData.uniqueTopic("stuck");
        String group = KafkaTestData.uniqueGroup("stuck");
        data.createTopic(topic, 2);
        data.produce(topic, Map.of(0, 3_000));
        data.commitOffsets(group, everyPartition(topic, 2, 0));
        KafkaTrigger rate = trigger().cluster(cluster).group(group).topic(topic).rate(RATE).build();
        KafkaTrigger threshold = trigger().cluster(cluster).group(group).topic(topic).build();

        SignalReading first = refresh(rate, threshold).get(rate);
        long end = data.produce(topic, 1, 5);
        data.commitOffset(group, topic, 1, end);
        Map<KafkaTrigger, SignalReading> second = refresh(rate, threshold);

        assertThat(first.details()).containsEntry("stalledPartitionCount", 0);
        assertThat(first.desiredReplicas()).as("before it stalls partition 0's 3,000 messages want both replicas").isEqualTo(2);
        SignalReading stalled = second.get(rate);
        assertThat(stalled.details()).containsEntry("stalledPartitionCount", 1)
                .containsEntry("stalledPartitions", List.of(topic + "-0")).containsEntry("lag", 0L)
                .containsEntry("activationLag", 3_000L);
        assertThat(stalled.desiredReplicas()).as("λ_in 5/s of partition 1 over 20/s per replica").isEqualTo(1);
        assertThat(stalled.active()).isTrue();
        SignalReading kedaCompatible = second.get(threshold);
        assertThat(kedaCompatible.details()).containsEntry("stalledPartitionCount", 1).containsEntry("lag", 3_000L);
        assertThat(kedaCompatible.desiredReplicas()).as("threshold without excludePersistentLag still counts it").isEqualTo(2);
        assertThat(tool.lag(group)).containsEntry(new TopicPartition(topic, 0), 3_000L);
    }
}
