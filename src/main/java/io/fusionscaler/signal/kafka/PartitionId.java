package io.fusionscaler.signal.kafka;

import java.util.Comparator;

/** A topic partition, free of Kafka client types so that the lag arithmetic stays plain. */
public record PartitionId(String topic, int partition) implements Comparable<PartitionId> {

    private static final Comparator<PartitionId> ORDER =
            Comparator.comparing(PartitionId::topic).thenComparingInt(PartitionId::partition);

    @Override
    public int compareTo(PartitionId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
