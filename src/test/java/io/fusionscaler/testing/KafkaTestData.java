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
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.fusionscaler.demo.KafkaBroker;

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
     * Creates a topic with that many partitions (replication factor 1) and waits until every partition has a
     * leader: creation returns before the broker serves the partitions, and an early commit or produce then fails.
     */
    public void createTopic(String topic, int partitions) {
        await(admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all(), "create " + topic);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!allPartitionsLed(topic)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka: partitions of " + topic + " got no leader within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + topic, e);
            }
        }
    }

    private boolean allPartitionsLed(String topic) {
        try {
            return admin().describeTopics(List.of(topic)).allTopicNames().get(5, java.util.concurrent.TimeUnit.SECONDS)
                    .get(topic).partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
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

    /** Commits offsets for a group that has no active members, as a consumer that stopped there would. */
    public void commitOffsets(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
        await(admin().alterConsumerGroupOffsets(group, commits).all(), "commit offsets of " + group);
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

    /** Deletes topics (to keep a shared broker small); missing topics are an error. */
    public void deleteTopics(Collection<String> topics) {
        await(admin().deleteTopics(topics).all(), "delete " + topics);
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
