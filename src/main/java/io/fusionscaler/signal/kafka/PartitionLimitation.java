package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.Excerpt;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.TriggerMetadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * KEDA's {@code partitionLimitation}: the partitions of the topic that count, e.g. {@code 1-4,8,10-12}.
 * Held as sorted, merged ranges, so {@code 1,2,3} and {@code 1-3} are the same spec and a wide range costs
 * no memory.
 */
public record PartitionLimitation(List<Range> ranges) {

    /** No limitation: every partition counts. */
    public static final PartitionLimitation ALL = new PartitionLimitation(List.of());

    /** Partitions {@code first} to {@code last}, both included. */
    public record Range(int first, int last) {
    }

    public PartitionLimitation {
        ranges = merged(ranges);
    }

    public boolean includes(int partition) {
        return ranges.isEmpty() || ranges.stream().anyMatch(r -> partition >= r.first() && partition <= r.last());
    }

    /**
     * Parses KEDA's syntax: comma-separated terms, each a partition or an inclusive {@code a-b} range, white space
     * tolerated around numbers, numbers read as Go's {@code strconv.ParseInt} reads them. KEDA silently turns a
     * reversed range into nothing; here it is an error.
     */
    public static PartitionLimitation parse(String key, String text) throws InvalidMetadataException {
        List<Range> ranges = new ArrayList<>();
        for (String term : text.split(",", -1)) {
            String[] bounds = term.split("-", -1);
            if (bounds.length > 2) {
                throw new InvalidMetadataException(key, Excerpt.quoted(TriggerMetadata.trimSpace(term))
                        + " is not a partition or a range like 1-4");
            }
            int first = partition(key, bounds[0]);
            int last = bounds.length == 2 ? partition(key, bounds[1]) : first;
            if (last < first) {
                throw new InvalidMetadataException(key, "range " + Excerpt.quoted(TriggerMetadata.trimSpace(term))
                        + " ends before it starts");
            }
            ranges.add(new Range(first, last));
        }
        return new PartitionLimitation(ranges);
    }

    @Override
    public String toString() {
        if (ranges.isEmpty()) {
            return "all";
        }
        return ranges.stream()
                .map(r -> r.first() == r.last() ? String.valueOf(r.first()) : r.first() + "-" + r.last())
                .collect(Collectors.joining(","));
    }

    private static int partition(String key, String text) throws InvalidMetadataException {
        String number = TriggerMetadata.trimSpace(text);
        OptionalInt partition = TriggerMetadata.goInt32(number);
        if (partition.isEmpty() || partition.getAsInt() < 0) {
            throw new InvalidMetadataException(key, Excerpt.quoted(number) + " is not a partition number (ASCII digits, "
                    + "at most " + Integer.MAX_VALUE + "); use e.g. 1,2,3 or 1-4,8,10-12");
        }
        return partition.getAsInt();
    }

    private static List<Range> merged(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(Range::first));
        List<Range> merged = new ArrayList<>();
        for (Range range : sorted) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && (long) range.first() <= (long) last.last() + 1) {
                merged.set(merged.size() - 1, new Range(last.first(), Math.max(last.last(), range.last())));
            } else {
                merged.add(range);
            }
        }
        return List.copyOf(merged);
    }
}
