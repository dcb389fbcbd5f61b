package io.fusionscaler.signal.kafka;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** How the explain view names stalled partitions: the first few, so a topic of thousands stays readable. */
final class StalledPartitions {

    static final int MAX_NAMED = 20;

    private StalledPartitions() {
    }

    /** {@code orders-3}, … in order, at most {@value #MAX_NAMED}, then how many more there are. */
    static List<String> named(Set<PartitionId> stalled) {
        List<String> names = stalled.stream().sorted().limit(MAX_NAMED).map(PartitionId::toString).toList();
        if (stalled.size() <= MAX_NAMED) {
            return names;
        }
        return Stream.concat(names.stream(), Stream.of("… and " + (stalled.size() - MAX_NAMED) + " more")).toList();
    }
}
