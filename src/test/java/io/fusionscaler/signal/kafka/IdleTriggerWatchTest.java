package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.SignalSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The wake-up watch driven step by step against Kafka's MockConsumer, on a hand-moved clock. */
class IdleTriggerWatchTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private static final TopicPartition P2 = new TopicPartition("orders", 2);

    private final AtomicLong nanos = new AtomicLong();
    private final List<MockConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    private final List<Map<String, Object>> consumerProperties = new ArrayList<>();
    private final Queue<MockConsumer<byte[], byte[]>> prepared = new ArrayDeque<>();
    private final List<SignalSpec> refreshed = new CopyOnWriteArrayList<>();
    private final KafkaTrigger idle = Triggers.trigger().topic("orders").group("billing").build();
    private final KafkaTrigger other = Triggers.trigger().topic("orders").group("audit").build();
    private IdleTriggerWatch watch = watch(TestKafkaConfig.defaults());

    @AfterEach
    void closeWatch() {
        watch.close();
    }

    @Test
    void anIdleTriggersPartitionsAreFollowedFromTheLogEndItsReadingSaw() {
        watch.observed(idle, false, List.of(partition(P0, 5), partition(P1, 7)));
        step();

        assertThat(consumer().assignment()).containsExactlyInAnyOrder(P0, P1);
        assertThat(consumer().position(P0)).isEqualTo(5);
        assertThat(consumer().position(P1)).isEqualTo(7);
    }

    @Test
    void theWatchConsumerJoinsNoGroupAndCommitsNothing() {
        watch.observed(idle, false, List.of(partition(P0, 5)));
        step();

        assertThat(consumerProperties.get(0)).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    }

    @Test
    void aRecordPastThatLogEndRefreshesTheTriggerAloneOnceAndStopsFollowingIt() {
        watch.observed(idle, false, List.of(partition(P0, 5)));
        step();

        consumer().addRecord(record(P0, 5));
        step();

        assertThat(refreshed).containsExactly(idle);
        step();
        assertThat(consumer().closed()).as("nothing armed is left to follow").isTrue();
        assertThat(watch.figures().get(idle.cluster().metricTag())).isEqualTo(new IdleTriggerWatch.WatchFigures(0, 0, 1));
    }

    @Test
    void anActiveTriggerIsNotWatchedAndAnEmptyWatchClosesItsConsumer() {
        watch.observed(idle, false, List.of(partition(P0, 5)));
        step();

        watch.observed(idle, true, List.of(partition(P0, 9)));
        step();

        assertThat(consumer().closed()).isTrue();
        assertThat(watch.figures().get(idle.cluster().metricTag()).watchedPartitions()).isZero();
    }

    @Test
    void activeReadingsOfAnUnwatchedClusterStartNoWatch() {
        watch.observed(idle, true, List.of(partition(P0, 9)));

        assertThat(watch.figures()).isEmpty();
    }

    @Test
    void aWokenTriggerStillIdleIsFollowedAgainOnlyFromAReadingOneRefreshIntervalLater() {
        watch.observed(idle, false, List.of(partition(P0, 5)));
        step();
        consumer().addRecord(record(P0, 5));
        step();

        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        watch.observed(idle, false, List.of(partition(P0, 6)));
        step();
        assertThat(watch.figures().get(idle.cluster().metricTag()).watchedPartitions())
                .as("woken half an interval ago: not yet").isZero();

        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        watch.observed(idle, false, List.of(partition(P0, 6)));
        step();
        assertThat(consumer().assignment()).containsExactly(P0);
        assertThat(consumer().position(P0)).isEqualTo(6);
    }

    @Test
    void twoIdleTriggersOnOnePartitionFollowItFromTheEarlierEnd() {
        watch.observed(idle, false, List.of(partition(P0, 5)));
        watch.observed(other, false, List.of(partition(P0, 3)));
        step();

        assertThat(consumer().position(P0)).isEqualTo(3);
        consumer().addRecord(record(P0, 3));
        step();
        assertThat(refreshed).containsExactlyInAnyOrder(idle, other);
    }

    @Test
    void partitionsBeyondTheCapAreLeftToTheRefreshAndCounted() {
        watch.close();
        watch = watch(TestKafkaConfig.defaults().withWake(new TestKafkaConfig.TestWake(true, 2, Duration.ofMillis(100))));
        watch.observed(idle, false, List.of(partition(P0, 1), partition(P1, 1), partition(P2, 1)));
        step();

        assertThat(consumer().assignment()).containsExactlyInAnyOrder(P0, P1);
        assertThat(watch.figures().get(idle.cluster().metricTag()))
                .isEqualTo(new IdleTriggerWatch.WatchFigures(2, 1, 0));
    }

    @Test
    void aPartitionWithoutAKnownLogEndIsFollowedFromItsEndNow() {
        watch.observed(idle, false, List.of(new PartitionOffsets(new PartitionId("orders", 0), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty())));
        MockConsumer<byte[], byte[]> prepared = new MockConsumer<>("latest");
        prepared.updateEndOffsets(Map.of(P0, 42L));
        this.prepared.add(prepared);
        step();

        assertThat(consumer().position(P0)).isEqualTo(42);
    }

    @Test
    void aBrokenConsumerIsReplacedAndTheWatchResumesFromTheReadingsOffsets() {
        watch.observed(idle, false, List.of(partition(P0, 5)));
        step();
        consumer().setPollException(new KafkaException("broker gone"));

        step();
        step();

        assertThat(consumers).hasSize(2);
        assertThat(consumers.get(0).closed()).isTrue();
        assertThat(consumer().assignment()).containsExactly(P0);
        assertThat(consumer().position(P0)).isEqualTo(5);
    }

    @Test
    void readingsAreIgnoredWhenTheWakeUpWatchIsDisabled() {
        watch.close();
        watch = watch(TestKafkaConfig.defaults().withWake(new TestKafkaConfig.TestWake(false, 10, Duration.ofMillis(100))));

        watch.observed(idle, false, List.of(partition(P0, 5)));

        assertThat(watch.figures()).isEmpty();
    }

    private IdleTriggerWatch watch(TestKafkaConfig config) {
        IdleTriggerWatch made = new IdleTriggerWatch(config, properties -> {
            consumerProperties.add(properties);
            MockConsumer<byte[], byte[]> consumer = prepared.isEmpty() ? new MockConsumer<>("latest") : prepared.remove();
            consumers.add(consumer);
            return consumer;
        }, nanos::get, false);
        made.start(refreshed::add);
        return made;
    }

    private void step() {
        watch.existing(idle.cluster()).step();
    }

    private MockConsumer<byte[], byte[]> consumer() {
        return consumers.get(consumers.size() - 1);
    }

    private static PartitionOffsets partition(TopicPartition tp, long logEnd) {
        return new PartitionOffsets(new PartitionId(tp.topic(), tp.partition()), OptionalLong.of(logEnd - 1),
                OptionalLong.of(logEnd), OptionalLong.empty());
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, new byte[0], new byte[0]);
    }
}
