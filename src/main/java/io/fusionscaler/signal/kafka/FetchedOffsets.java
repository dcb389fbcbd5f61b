package io.fusionscaler.signal.kafka;

import java.util.List;

/** What one batched refresh found for one trigger: its topics and partition offsets, or why it found nothing. */
sealed interface FetchedOffsets {

    record Found(List<String> topics, List<PartitionOffsets> partitions) implements FetchedOffsets {

        public Found {
            topics = List.copyOf(topics);
            partitions = List.copyOf(partitions);
        }
    }

    /** {@code reason} names the cluster and the group, topic or partition at fault. */
    record Failure(String reason) implements FetchedOffsets {
    }
}
