package io.fusionscaler.signal.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Running totals of the messages produced to and consumed from one trigger's partitions, for the rate policy: each
 * refresh adds, per partition, how far its log end and its committed offset moved since the previous refresh. Summing
 * moves rather than offsets keeps the totals smooth when the partitions that count change: a stalled partition adds
 * nothing while it is stalled (its input is not work the replicas can do), and a partition that appears or loses its
 * commit joins or leaves without a jump. An offset that moved backwards (a rewind, an offset reset, a recreated topic)
 * restarts the totals at zero, which the rate model reads as a rewind.
 */
final class OffsetProgress {

    record Totals(long produced, long consumed) {
    }

    private Map<PartitionId, PartitionOffsets> previous = Map.of();
    private long produced;
    private long consumed;

    synchronized Totals update(List<PartitionOffsets> partitions, Set<PartitionId> stalled) {
        Map<PartitionId, PartitionOffsets> seen = new HashMap<>();
        boolean rewound = false;
        for (PartitionOffsets now : partitions) {
            if (now.committed().isEmpty() || now.logEnd().isEmpty()) {
                continue;
            }
            seen.put(now.partition(), now);
            PartitionOffsets before = previous.get(now.partition());
            if (before == null || stalled.contains(now.partition())) {
                continue;
            }
            long producedMove = now.logEnd().getAsLong() - before.logEnd().getAsLong();
            long consumedMove = now.committed().getAsLong() - before.committed().getAsLong();
            if (producedMove < 0 || consumedMove < 0) {
                rewound = true;
            } else {
                produced += producedMove;
                consumed += consumedMove;
            }
        }
        previous = seen;
        if (rewound) {
            produced = 0;
            consumed = 0;
        }
        return new Totals(produced, consumed);
    }
}
