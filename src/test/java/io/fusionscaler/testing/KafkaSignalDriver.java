package io.fusionscaler.testing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drives a real Kafka trigger for contract tests against the packaged scaler: each trigger has a topic of one partition
 * (named after the trigger id) and a group of its own, with {@value #LAG_THRESHOLD} as lagThreshold,
 * {@value #ACTIVATION_LAG_THRESHOLD} as activationLagThreshold and idle consumers allowed, so that desired replicas =
 * lag / {@value #LAG_THRESHOLD}. {@link #measure} produces records or commits the group forward until the lag is what
 * it needs; {@link #fail} deletes the topic, and the next {@link #measure} creates it again.
 */
public final class KafkaSignalDriver implements SignalDriver, AutoCloseable {

    static final long LAG_THRESHOLD = 10;
    static final long ACTIVATION_LAG_THRESHOLD = 5;

    private final String bootstrapServers;
    private final KafkaTestData kafka;
    private final Map<String, Trigger> triggers = new ConcurrentHashMap<>();

    public KafkaSignalDriver(String bootstrapServers) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.kafka = new KafkaTestData(bootstrapServers);
    }

    /** A trigger's topic and group, and where its log end and its committed offset stand (no topic: -1). */
    private static final class Trigger {
        final String topic;
        final String group;
        long end = -1;
        long committed;

        Trigger(String id) {
            topic = KafkaTestData.uniqueTopic(id);
            group = KafkaTestData.uniqueGroup(id);
        }
    }

    @Override
    public String signal() {
        return "kafka";
    }

    @Override
    public Map<String, String> trigger(String id) {
        Trigger trigger = triggerOf(id);
        return Map.of("bootstrapServers", bootstrapServers, "consumerGroup", trigger.group, "topic", trigger.topic,
                "lagThreshold", Long.toString(LAG_THRESHOLD), "activationLagThreshold", Long.toString(ACTIVATION_LAG_THRESHOLD),
                "allowIdleConsumers", "true");
    }

    /** Its value is the lag: desired x {@value #LAG_THRESHOLD} when active; 1 for one replica while inactive. */
    @Override
    public synchronized double measure(String id, long desiredReplicas, boolean active) {
        long lag = lag(desiredReplicas, active);
        Trigger trigger = triggerOf(id);
        if (trigger.end < 0) {
            kafka.createTopic(trigger.topic, 1);
            kafka.commitOffset(trigger.group, trigger.topic, 0, 0);
            trigger.end = 0;
            trigger.committed = 0;
        }
        long current = trigger.end - trigger.committed;
        if (lag > current) {
            trigger.end = kafka.produce(trigger.topic, 0, (int) (lag - current));
        } else if (lag < current) {
            trigger.committed = trigger.end - lag;
            kafka.commitOffset(trigger.group, trigger.topic, 0, trigger.committed);
        }
        return lag;
    }

    /** Deletes the trigger's topic (if there is one): the scaler then fails to find it. */
    @Override
    public synchronized String fail(String id) {
        Trigger trigger = triggerOf(id);
        if (trigger.end >= 0) {
            kafka.deleteTopics(List.of(trigger.topic));
            trigger.end = -1;
        }
        return "topic '" + trigger.topic + "'";
    }

    private static long lag(long desiredReplicas, boolean active) {
        if (active && desiredReplicas > 0) {
            return desiredReplicas * LAG_THRESHOLD;
        }
        if (!active && desiredReplicas <= 1) {
            return desiredReplicas;
        }
        throw new IllegalArgumentException("no Kafka lag makes " + desiredReplicas + " replicas " + (active ? "active" : "inactive")
                + " with lagThreshold " + LAG_THRESHOLD + " and activationLagThreshold " + ACTIVATION_LAG_THRESHOLD);
    }

    private Trigger triggerOf(String id) {
        return triggers.computeIfAbsent(id, Trigger::new);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
