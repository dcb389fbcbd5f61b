package io.fusionscaler.signal.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The HPA's down-scale stabilization: the answer is the highest recommendation of the last window, so a rise takes
 * effect at once and a fall only once every higher recommendation has left the window.
 */
final class DownscaleStabilization {

    private record Recommendation(Instant at, long replicas) {
    }

    private final Duration window;
    private final Deque<Recommendation> recent = new ArrayDeque<>();

    DownscaleStabilization(Duration window) {
        this.window = window;
    }

    /** Records {@code replicas} at {@code at} and returns the highest recommendation within the window. */
    long record(Instant at, long replicas) {
        long highest = hold(at, replicas);
        recent.addLast(new Recommendation(at, replicas));
        return highest;
    }

    /** The highest of {@code replicas} and the recommendations within the window, without recording {@code replicas}. */
    long hold(Instant at, long replicas) {
        Instant start = at.minus(window);
        // Entries later than now come from a clock that went back: they are dropped rather than held for ever.
        recent.removeIf(r -> r.at().isBefore(start) || r.at().isAfter(at));
        return Math.max(replicas, recent.stream().mapToLong(Recommendation::replicas).max().orElse(0));
    }
}
