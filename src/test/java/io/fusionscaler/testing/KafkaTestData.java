package io.fusionscaler.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.fusionscaler.testing.broker.KafkaBroker;

/**
 * Puts data into a Kafka broker for tests: topics, records, committed offsets. Keeps one Admin client and one
 * producer open until {@link #close()}. Thread-safe. Every call waits for the broker's answer (30 s at most).
 *
 * <pre>{@code
 * try (KafkaTestData data = KafkaTestData.forBroker(KafkaBrokerResource.broker())) {
 *     String topic = KafkaTestData.uniqueTopic("orders");
 *     data.createTopic(topic, 3);
 *     data.produce(topic, 0, 10);
 *     data.commitOffset(KafkaTestData.uniqueGroup("engine"), topic, 0, 4);
 * }
 * }</pre>
 */
public final class KafkaTestData implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final String bootstrapServers;
    private final Map<String, Object> extraClientConfig;
    private Admin admin;
    private Producer<byte[], byte[]> producer;

    /**
     * @param extraClientConfig added to the Admin and producer configuration (security settings, for example)
     */
    public KafkaTestData(String bootstrapServers, Map<String, ?> extraClientConfig) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.extraClientConfig = Map.copyOf(extraClientConfig);
    }

    public KafkaTestData(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    public static KafkaTestData forBroker(KafkaBroker broker) {
        return new KafkaTestData(broker.bootstrapServers());
    }

    // ------------------------------------------------------------------------------------------ names

    /** A name no other test of this JVM run, nor of an earlier run on the same broker, uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    public static String uniqueTopic(String prefix) {
        return uniqueName(prefix);
    }

    public static String uniqueGroup(String prefix) {
        return uniqueName(prefix);
    }

    // ------------------------------------------------------------------------------------------ data

    /**
     * Creates a topic with that many partitions (replication factor 1) and returns once every partition accepts
     * writes. Creation returns when the controller has committed the topic. The broker then applies it in two steps:
     * first its metadata cache (from then on Metadata and DescribeTopics answers name a leader), then its replica
     * manager, which creates each partition's log and becomes its leader. Until the second step is done a produce
     * request is refused with NOT_LEADER_OR_FOLLOWER, and an idempotent producer with several batches in flight can
     * then get its later batch accepted before the refused first one, which it can never write after it
     * (OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout). So this waits for both steps: for a leader in the
     * metadata, then for a ListOffsets answer from every partition's leader, which the replica manager gives.
     */
    public void createTopic(String topic, int partitions) {
        await(admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all(), "create " + topic);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!allPartitionsLed(topic)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka: partitions of " + topic + " got no leader within " + TIMEOUT.toSeconds() + " s");
            }
            pause(50);
        }
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        await(admin().listOffsets(ends).all(), "read the end offsets of " + topic + " from its leaders");
    }

    private boolean allPartitionsLed(String topic) {
        try {
            return admin().describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Produces {@code count} records to one partition (acks=all) and returns the partition's end offset after the
     * last one. Keys are null, values are {@code "<topic>-<partition>-<n>"}.
     */
    public long produce(String topic, int partition, int count) {
        Producer<byte[], byte[]> p = producer();
        List<Future<RecordMetadata>> sends = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            byte[] value = (topic + "-" + partition + "-" + n).getBytes(StandardCharsets.UTF_8);
            sends.add(p.send(new ProducerRecord<>(topic, partition, null, value)));
        }
        p.flush();
        RecordMetadata last = null;
        for (Future<RecordMetadata> send : sends) {
            last = await(send, "produce to " + topic + "-" + partition);
        }
        return last == null ? endOffset(topic, partition) : last.offset() + 1;
    }

    /** Produces to several partitions: partition to record count. */
    public void produce(String topic, Map<Integer, Integer> countByPartition) {
        countByPartition.forEach((partition, count) -> produce(topic, partition, count));
    }

    /**
     * Commits offsets for a group that has no active members, as a consumer that stopped there would. The broker
     * refuses a commit on a topic its metadata does not show yet (UNKNOWN_TOPIC_OR_PARTITION): the group coordinator
     * may learn of a brand-new topic a moment after its creation returned, so that one error is retried for up to
     * 30 s; any other fails at once. Every test commits through here.
     */
    public void commitOffsets(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                await(admin().alterConsumerGroupOffsets(group, commits).all(), "commit offsets of " + group);
                return;
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                pause(100);
            }
        }
    }

    public void commitOffset(String group, String topic, int partition, long offset) {
        commitOffsets(group, Map.of(new TopicPartition(topic, partition), offset));
    }

    /** The committed offsets of a group (partitions without a commit are left out). */
    public Map<TopicPartition, Long> committedOffsets(String group) {
        Map<TopicPartition, OffsetAndMetadata> committed = await(
                admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "offsets of " + group);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    /** The log-end offset (high watermark) of a partition. */
    public long endOffset(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return await(admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp), "end offset of " + tp)
                .offset();
    }

    /**
     * Deletes topics and returns once the broker lists them no more, so that a topic of the same name can be created
     * again; missing topics are an error.
     */
    public void deleteTopics(Collection<String> topics) {
        await(admin().deleteTopics(topics).all(), "delete " + topics);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (topics.stream().anyMatch(await(admin().listTopics().names(), "list topics")::contains)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka: " + topics + " still listed " + TIMEOUT.toSeconds() + " s after their deletion");
            }
            pause(50);
        }
    }

    /** The Admin client this helper uses, for anything it does not cover. Closed by {@link #close()}. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientConfig(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, uniqueName("test-admin"))));
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.CLIENT_ID_CONFIG, uniqueName("test-producer"));
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            // One request in flight: a batch the broker refuses (say while a restarted broker takes its partitions
            // back) is retried before any later batch goes out, so no later batch can be written before it.
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
            producer = new KafkaProducer<>(clientConfig(config), new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private Map<String, Object> clientConfig(Map<String, Object> specific) {
        Map<String, Object> config = new HashMap<>(specific);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(extraClientConfig);
        return config;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka: could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka: no answer within " + TIMEOUT.toSeconds() + " s to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }
}
