package io.fusionscaler.signal.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stuck consumers (Burrow's rule 4): a partition is stalled once its committed offset has stayed put, with lag above
 * zero, for the whole window. Lag at zero resets the clock, so a partition that was idle and just received a message is
 * not stalled until its consumer has had the window to commit. KEDA's {@code excludePersistentLag} rule is "unchanged
 * since the previous poll", which at its default 30 s poll means about 30 s; refreshing every second or two, that literal
 * rule would call every slow consumer stuck, so the window is time, not refresh count. Window 0 is KEDA's literal rule
 * (unchanged, with lag, since the previous refresh). One instance per trigger spec; partitions no longer reported are
 * forgotten.
 */
final class StalledCommits {

    private final long windowMillis;
    private Map<PartitionId, Sighting> sightings = new HashMap<>();

    private record Sighting(long offset, long sinceMillis) {
    }

    StalledCommits(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** Records this refresh's offsets and returns the partitions whose commit has stalled, in order. */
    synchronized Set<PartitionId> update(List<PartitionOffsets> partitions, long nowMillis) {
        Map<PartitionId, Sighting> next = new HashMap<>();
        Set<PartitionId> stalled = new TreeSet<>();
        for (PartitionOffsets offsets : partitions) {
            if (offsets.committed().isEmpty() || offsets.logEnd().isEmpty()
                    || offsets.logEnd().getAsLong() <= offsets.committed().getAsLong()) {
                continue;
            }
            long committed = offsets.committed().getAsLong();
            Sighting previous = sightings.get(offsets.partition());
            if (previous == null || previous.offset() != committed) {
                next.put(offsets.partition(), new Sighting(committed, nowMillis));
                continue;
            }
            next.put(offsets.partition(), previous);
            if (nowMillis - previous.sinceMillis() >= windowMillis) {
                stalled.add(offsets.partition());
            }
        }
        sightings = next;
        return stalled;
    }
}
