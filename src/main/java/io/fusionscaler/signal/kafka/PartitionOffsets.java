package io.fusionscaler.signal.kafka;

import java.util.OptionalLong;

/**
 * What Kafka said about one partition for one consumer group.
 *
 * @param committed the group's committed offset; empty when the group never committed on this partition
 * @param logEnd    the log-end offset; empty when the partition was missing from the broker's answer
 * @param logStart  the log-start offset; fetched only where the lag needs it (earliest policy, no commit)
 */
public record PartitionOffsets(PartitionId partition, OptionalLong committed, OptionalLong logEnd, OptionalLong logStart) {
}
