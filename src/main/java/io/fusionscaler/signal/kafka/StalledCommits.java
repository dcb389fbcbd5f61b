package io.fusionscaler.signal.kafka;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Memory for {@code excludePersistentLag}: where each partition's committed offset stood and since when.
 * A commit is stalled once it has stayed put for the whole window. KEDA's rule is "unchanged since the previous
 * poll", which at its default 30 s poll means about 30 s; refreshing every second or two, that literal rule would
 * call every slow consumer stuck, so the window is time, not refresh count. Window 0 is KEDA's literal rule.
 * One instance per trigger spec; partitions no longer reported are forgotten.
 */
final class StalledCommits {

    private final long windowMillis;
    private Map<PartitionId, Sighting> sightings = new HashMap<>();

    private record Sighting(long offset, long sinceMillis) {
    }

    StalledCommits(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** Records this refresh's committed offsets and returns the partitions whose commit has stalled. */
    synchronized Set<PartitionId> update(Map<PartitionId, Long> committed, long nowMillis) {
        Map<PartitionId, Sighting> next = new HashMap<>();
        Set<PartitionId> stalled = new HashSet<>();
        committed.forEach((partition, offset) -> {
            Sighting previous = sightings.get(partition);
            if (previous == null || previous.offset() != offset) {
                next.put(partition, new Sighting(offset, nowMillis));
                return;
            }
            next.put(partition, previous);
            if (nowMillis - previous.sinceMillis() >= windowMillis) {
                stalled.add(partition);
            }
        });
        sightings = next;
        return stalled;
    }
}
