package io.fusionscaler.signal.kafka;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.testing.ConsumerGroupsTool;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.broker.KafkaBroker;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link KafkaLagSource} against a real broker, with Kafka's own {@code kafka-consumer-groups} as the reference. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaLagSourceBrokerIT {

    private static KafkaBroker broker;
    private static KafkaTestData data;
    private static ConsumerGroupsTool tool;
    private static KafkaClusterRef cluster;
    private static CountingAdmin counting;
    private static KafkaAdmins admins;
    private static TestKafkaConfig config;
    private static KafkaLagSource source;

    @BeforeAll
    static void start() {
        broker = KafkaBrokerResource.broker();
        data = KafkaTestData.forBroker(broker);
        tool = ConsumerGroupsTool.forBroker(broker);
        cluster = new KafkaClusterRef.Bootstrap(broker.bootstrapServers());
        config = TestKafkaConfig.defaults().withPersistentLagWindow(Duration.ZERO);
        counting = new CountingAdmin();
        admins = new KafkaAdmins(config, counting::wrap, System::nanoTime, false);
        source = new KafkaLagSource(config, admins, new IdleTriggerWatch(config), Clock.systemUTC(), FixedReplicas.unknown());
    }

    @AfterAll
    static void stop() {
        admins.close();
        data.close();
    }

    @BeforeEach
    void resetCounts() {
        counting.reset();
    }

    private static Triggers on(String group, String topic) {
        return trigger().cluster(cluster).group(group).topic(topic);
    }

    private static SignalReading measured(Map<KafkaTrigger, SignalOutcome> outcomes, KafkaTrigger trigger) {
        SignalOutcome outcome = outcomes.get(trigger);
        assertThat(outcome).as("outcome of %s", trigger).isInstanceOf(SignalOutcome.Measured.class);
        return ((SignalOutcome.Measured) outcome).reading();
    }

    private static SignalReading refresh(KafkaTrigger trigger) {
        return measured(KafkaLanes.refresh(source, config, Set.of(trigger)), trigger);
    }

    /** The lag of each partition as this source sees it: the same batched fetch, then KEDA's per-partition rule. */
    private static Map<TopicPartition, Long> partitionLags(KafkaTrigger trigger) throws ClusterSetupException {
        try (KafkaAdmins.Lease lease = admins.lease(cluster)) {
            FetchedOffsets fetched = new ClusterRefresh(cluster, lease, RefreshDeadline.after(Duration.ofSeconds(5))).fetch(List.of(trigger)).get(trigger);
            assertThat(fetched).isInstanceOf(FetchedOffsets.Found.class);
            Map<TopicPartition, Long> lags = new HashMap<>();
            for (PartitionOffsets offsets : ((FetchedOffsets.Found) fetched).partitions()) {
                lags.put(new TopicPartition(offsets.partition().topic(), offsets.partition().partition()),
                        LagCalculator.partitionLag(trigger, offsets, false).scaling());
            }
            return lags;
        }
    }

    private static String topicWith(int partitions, Map<Integer, Integer> records) {
        String topic = KafkaTestData.uniqueTopic("lag");
        data.createTopic(topic, partitions);
        data.produce(topic, records);
        return topic;
    }

    @Test
    void perPartitionAndTotalLagEqualKafkaConsumerGroupsTool() throws Exception {
        String topic = topicWith(3, Map.of(0, 10, 1, 5, 2, 7));
        String group = KafkaTestData.uniqueGroup("plain");
        data.commitOffsets(group, Map.of(new TopicPartition(topic, 0), 3L, new TopicPartition(topic, 1), 5L,
                new TopicPartition(topic, 2), 1L));
        KafkaTrigger trigger = on(group, topic).allowIdleConsumers().build();

        Map<TopicPartition, Long> reference = tool.lag(group);
        assertThat(reference).hasSize(3);
        assertThat(partitionLags(trigger)).isEqualTo(reference);
        SignalReading reading = refresh(trigger);
        assertThat(reading.value()).isEqualTo(13.0);
        assertThat(reading.details()).containsEntry("lag", 13L).containsEntry("activationLag", 13L)
                .containsEntry("partitions", 3).containsEntry("partitionsWithLag", 2).containsEntry("topics", List.of(topic))
                .doesNotContainKey("replicaCap");
        assertThat(reading.desiredReplicas()).isEqualTo(2);
        assertThat(reading.active()).isTrue();
    }

    @Test
    void emptyTopicSumsTheLagOfEveryTopicTheGroupCommittedOnAsTheToolDoes() throws Exception {
        String first = topicWith(2, Map.of(0, 4, 1, 6));
        String second = topicWith(3, Map.of(0, 1, 1, 0, 2, 9));
        String group = KafkaTestData.uniqueGroup("two-topics");
        data.commitOffsets(group, Map.of(new TopicPartition(first, 0), 1L, new TopicPartition(first, 1), 6L,
                new TopicPartition(second, 0), 0L, new TopicPartition(second, 1), 0L, new TopicPartition(second, 2), 2L));
        KafkaTrigger trigger = on(group, "").lagThreshold(1).build();

        Map<TopicPartition, Long> reference = tool.lag(group);
        assertThat(reference).hasSize(5);
        assertThat(partitionLags(trigger)).isEqualTo(reference);
        SignalReading reading = refresh(trigger);
        long total = reference.values().stream().mapToLong(Long::longValue).sum();
        assertThat(reading.details()).containsEntry("lag", total).containsEntry("partitions", 5)
                .containsEntry("topics", List.of(first, second).stream().sorted().toList());
        assertThat(reading.desiredReplicas()).as("capped at the 5 partitions").isEqualTo(5);
    }

    @Test
    void emptyTopicFollowsKedasTwoTopicScenario() {
        // KEDA e2e: no topic, group on 2 topics: 1 message on topic1 -> 1 replica; +1 on topic2 -> 2.
        String first = topicWith(1, Map.of());
        String second = topicWith(1, Map.of());
        String group = KafkaTestData.uniqueGroup("e2e-two-topics");
        data.commitOffsets(group, Map.of(new TopicPartition(first, 0), 0L, new TopicPartition(second, 0), 0L));
        KafkaTrigger trigger = on(group, "").lagThreshold(1).build();
        assertThat(refresh(trigger).desiredReplicas()).isZero();
        data.produce(first, 0, 1);
        assertThat(refresh(trigger).desiredReplicas()).isEqualTo(1);
        data.produce(second, 0, 1);
        assertThat(refresh(trigger).desiredReplicas()).isEqualTo(2);
    }

    @Test
    void neverCommittedGroupWithLatestCountsOnePerPartition() {
        String topic = topicWith(3, Map.of(0, 5, 1, 5));
        String group = KafkaTestData.uniqueGroup("never-latest");
        SignalReading reading = refresh(on(group, topic).build());
        assertThat(reading.details()).containsEntry("lag", 3L);
        assertThat(reading.active()).isTrue();
        SignalReading zero = refresh(on(group, topic).scaleToZeroOnInvalidOffset().build());
        assertThat(zero.value()).isZero();
        assertThat(zero.active()).isFalse();
    }

    @Test
    void neverCommittedGroupWithEarliestCountsWhatTheLogStillHolds() throws Exception {
        String topic = topicWith(2, Map.of(0, 10, 1, 3));
        data.admin().deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(4))).all()
                .get(30, TimeUnit.SECONDS);
        String group = KafkaTestData.uniqueGroup("never-earliest");
        KafkaTrigger earliest = on(group, topic).earliest().allowIdleConsumers().build();

        SignalReading reading = refresh(earliest);
        assertThat(reading.details()).containsEntry("lag", 6L + 3L);
        assertThat(counting.calls("listOffsets")).as("log-end and log-start").isEqualTo(2);
        SignalReading zero = refresh(on(group, topic).earliest().scaleToZeroOnInvalidOffset().build());
        assertThat(zero.value()).isZero();
        assertThat(zero.active()).isFalse();
    }

    @Test
    void committingGroupLeavesInvalidOffsetHandlingBehind() {
        // KEDA e2e: latest, uncommitted -> lag 1 per partition; once the group commits at the end -> 0.
        String topic = topicWith(1, Map.of(0, 4));
        String group = KafkaTestData.uniqueGroup("commits-later");
        KafkaTrigger trigger = on(group, topic).lagThreshold(1).build();
        assertThat(refresh(trigger).desiredReplicas()).isEqualTo(1);
        data.commitOffset(group, topic, 0, 4);
        SignalReading reading = refresh(trigger);
        assertThat(reading.desiredReplicas()).isZero();
        assertThat(reading.active()).isFalse();
    }

    @Test
    void missingTopicFailsOnlyItsOwnTrigger() {
        String topic = topicWith(1, Map.of(0, 2));
        String group = KafkaTestData.uniqueGroup("missing");
        KafkaTrigger healthy = on(group, topic).build();
        KafkaTrigger missing = on(group, "no-such-topic-" + KafkaTestData.uniqueName("x")).build();

        Map<KafkaTrigger, SignalOutcome> outcomes = KafkaLanes.refresh(source, config, Set.of(healthy, missing));

        assertThat(measured(outcomes, healthy).details()).containsEntry("lag", 1L);
        assertThat(outcomes.get(missing)).isEqualTo(new SignalOutcome.Failed("topic '" + missing.topic()
                + "' does not exist on cluster 'bootstrap " + broker.bootstrapServers() + "'"));
    }

    @Test
    void oneBatchedRefreshServesManyTriggersOnSeveralGroups() throws Exception {
        String orders = topicWith(3, Map.of(0, 20, 1, 11, 2, 4));
        String payments = topicWith(2, Map.of(0, 8, 1, 3));
        List<String> groups = List.of(KafkaTestData.uniqueGroup("batch-a"), KafkaTestData.uniqueGroup("batch-b"),
                KafkaTestData.uniqueGroup("batch-c"));
        long offset = 0;
        for (String group : groups) {
            offset++;
            data.commitOffsets(group, Map.of(new TopicPartition(orders, 0), offset, new TopicPartition(orders, 1), offset,
                    new TopicPartition(orders, 2), offset, new TopicPartition(payments, 0), offset,
                    new TopicPartition(payments, 1), offset));
        }
        Set<KafkaTrigger> triggers = new LinkedHashSet<>();
        for (String group : groups) {
            triggers.add(on(group, orders).allowIdleConsumers().build());
            triggers.add(on(group, orders).lagThreshold(3).build());
            triggers.add(on(group, payments).activationLagThreshold(5).build());
            triggers.add(on(group, "").lagThreshold(1).allowIdleConsumers().build());
        }

        Map<KafkaTrigger, SignalOutcome> outcomes = KafkaLanes.refresh(source, config, triggers);

        assertThat(outcomes).hasSize(12);
        assertThat(counting.calls("listConsumerGroupOffsets")).isEqualTo(1);
        assertThat(counting.calls("describeTopics")).isEqualTo(1);
        assertThat(counting.calls("listOffsets")).isEqualTo(1);
        for (String group : groups) {
            Map<TopicPartition, Long> reference = tool.lag(group);
            long ordersLag = sum(reference, orders);
            long paymentsLag = sum(reference, payments);
            assertThat(measured(outcomes, on(group, orders).allowIdleConsumers().build()).details()).containsEntry("lag", ordersLag);
            assertThat(measured(outcomes, on(group, orders).lagThreshold(3).build()).details()).containsEntry("lag", ordersLag);
            assertThat(measured(outcomes, on(group, payments).activationLagThreshold(5).build()).details())
                    .containsEntry("lag", paymentsLag);
            assertThat(measured(outcomes, on(group, "").lagThreshold(1).allowIdleConsumers().build()).details())
                    .containsEntry("lag", ordersLag + paymentsLag);
        }
    }

    @Test
    void frozenCommitStopsCountingForScalingButKeepsTheWorkloadActive() {
        // KEDA e2e: the SO's group stops committing, 5 more messages arrive: replicas stay, activity stays.
        String topic = topicWith(1, Map.of(0, 3));
        String group = KafkaTestData.uniqueGroup("persistent");
        data.commitOffset(group, topic, 0, 1);
        KafkaTrigger trigger = on(group, topic).lagThreshold(1).excludePersistentLag().build();
        assertThat(refresh(trigger).details()).containsEntry("lag", 2L);
        data.produce(topic, 0, 5);
        SignalReading frozen = refresh(trigger);
        assertThat(frozen.details()).containsEntry("lag", 0L).containsEntry("activationLag", 7L);
        assertThat(frozen.desiredReplicas()).isZero();
        assertThat(frozen.active()).isTrue();
        data.commitOffset(group, topic, 0, 4);
        assertThat(refresh(trigger).details()).containsEntry("lag", 4L);
    }

    private static long sum(Map<TopicPartition, Long> lags, String topic) {
        return lags.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
    }
}
