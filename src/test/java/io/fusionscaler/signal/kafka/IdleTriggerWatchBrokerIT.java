package io.fusionscaler.signal.kafka;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.broker.KafkaBroker;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The wake-up watch against a real broker, with no refresh loop at all: only the watch can ask for the refreshes seen
 * here, so each one proves a record arrived and was noticed.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IdleTriggerWatchBrokerIT {

    private static KafkaBroker broker;
    private static KafkaTestData data;
    private static TestKafkaConfig config;
    private static KafkaAdmins admins;
    private final List<SignalSpec> wakeRequests = new CopyOnWriteArrayList<>();
    private IdleTriggerWatch watch;
    private KafkaLagSource source;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBrokerResource.broker();
        data = KafkaTestData.forBroker(broker);
        config = TestKafkaConfig.defaults();
        admins = new KafkaAdmins(config);
    }

    @AfterAll
    static void stopBroker() {
        admins.close();
        data.close();
    }

    @AfterEach
    void closeWatch() {
        watch.close();
    }

    private void startSource() {
        watch = new IdleTriggerWatch(config);
        source = new KafkaLagSource(config, admins, watch, Clock.systemUTC(), FixedReplicas.unknown());
        source.start(wakeRequests::add);
    }

    private boolean refreshedActive(KafkaTrigger trigger) {
        SignalOutcome outcome = KafkaLanes.refresh(source, config, Set.of(trigger)).get(trigger);
        return ((SignalOutcome.Measured) outcome).reading().active();
    }

    @Test
    void aRecordOnAnIdleTriggersTopicAsksForThatTriggersRefreshAndTheRefreshFindsItActive() {
        startSource();
        String topic = KafkaTestData.uniqueTopic("wake");
        String group = KafkaTestData.uniqueGroup("wake");
        data.createTopic(topic, 3);
        data.commitOffsets(group, Map.of(new TopicPartition(topic, 0), 0L, new TopicPartition(topic, 1), 0L,
                new TopicPartition(topic, 2), 0L));
        KafkaTrigger idle = trigger().cluster(new KafkaClusterRef.Bootstrap(broker.bootstrapServers())).group(group).topic(topic)
                .build();
        assertThat(refreshedActive(idle)).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> watchedPartitions(idle) == 3);

        data.produce(topic, Map.of(2, 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> wakeRequests.contains(idle));
        assertThat(wakeRequests).containsExactly(idle);
        assertThat(refreshedActive(idle)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> watchedPartitions(idle) == 0);
    }

    @Test
    void recordsOnAnActiveTriggersTopicAskForNothing() {
        startSource();
        String topic = KafkaTestData.uniqueTopic("busy");
        String group = KafkaTestData.uniqueGroup("busy");
        data.createTopic(topic, 1);
        data.produce(topic, Map.of(0, 5));
        data.commitOffsets(group, Map.of(new TopicPartition(topic, 0), 0L));
        KafkaTrigger active = trigger().cluster(new KafkaClusterRef.Bootstrap(broker.bootstrapServers())).group(group).topic(topic)
                .build();
        assertThat(refreshedActive(active)).isTrue();

        data.produce(topic, Map.of(0, 5));

        assertThat(watch.figures()).as("no idle trigger: no watch, no consumer").isEmpty();
        assertThat(wakeRequests).isEmpty();
    }

    private int watchedPartitions(KafkaTrigger trigger) {
        IdleTriggerWatch.WatchFigures figures = watch.figures().get(trigger.cluster().metricTag());
        return figures == null ? 0 : figures.watchedPartitions();
    }
}
