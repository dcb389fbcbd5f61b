package io.fusionscaler.signal.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The offset samples of one trigger over the rate window, and the rates they show. The processing rate is taken from
 * the oldest sample of the window to the newest (as Flink's autoscaler takes its rates over its metric window) rather
 * than smoothed refresh by refresh: consumers commit in steps (every 5 s by default), so most one-second deltas of the
 * committed offsets are 0 and a few are large; a window spanning several commits measures the rate without the
 * staircase, and forgets exactly what is older than the window.
 */
final class RateHistory {

    /**
     * One refresh's figures: cumulative produced and consumed counts (only their differences matter), the lag that may
     * add replicas, and the replicas consuming, when known.
     */
    record Sample(Instant at, long produced, long consumed, long lag, OptionalInt replicas) {
    }

    /**
     * The processing rate per replica over a full window at one replica count.
     *
     * @param backlogged the backlog at the window's start covered everything consumed during it, so the consumers
     *                   never waited for input and the rate is their capacity; otherwise it is only a lower bound
     */
    record ReplicaThroughput(double perReplica, boolean backlogged) {
    }

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    RateHistory(Duration window) {
        this.window = window;
    }

    /** Adds a sample; when it cannot follow the previous one the history restarts from it, and the reason is returned. */
    Optional<String> add(Sample sample) {
        Sample last = samples.peekLast();
        Optional<String> restart = Optional.empty();
        if (last != null && !sample.at().isAfter(last.at())) {
            restart = Optional.of("the sample is not later than the previous one: rate history restarted");
        } else if (last != null && (sample.produced() < last.produced() || sample.consumed() < last.consumed())) {
            restart = Optional.of("offsets went backwards (a rewind or an offset reset): rate history restarted");
        }
        if (restart.isPresent()) {
            samples.clear();
        }
        samples.addLast(sample);
        Instant windowStart = sample.at().minus(window);
        // The newest sample at or before the window's start stays as its base, so a full history spans the whole window.
        while (samples.size() > 2 && !second().at().isAfter(windowStart)) {
            samples.removeFirst();
        }
        return restart;
    }

    /**
     * λ_in: the median of the produce rates between consecutive samples of the window; empty with a single sample.
     * A burst of messages shows as lag; the median keeps it from counting a second time as a rate for a whole window.
     */
    OptionalDouble inputRate() {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        double[] rates = new double[samples.size() - 1];
        Sample previous = null;
        int i = 0;
        for (Sample sample : samples) {
            if (previous != null) {
                rates[i++] = (sample.produced() - previous.produced()) / seconds(Duration.between(previous.at(), sample.at()));
            }
            previous = sample;
        }
        Arrays.sort(rates);
        int middle = rates.length / 2;
        return OptionalDouble.of(rates.length % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2);
    }

    /**
     * What one replica processed per second, once the samples span the whole window at one known, non-zero replica
     * count; a change of replicas therefore starts a new window rather than mixing two counts.
     */
    Optional<ReplicaThroughput> replicaThroughput() {
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        OptionalInt replicas = last.replicas();
        if (replicas.isEmpty() || replicas.getAsInt() <= 0 || span().compareTo(window) < 0
                || samples.stream().anyMatch(s -> !s.replicas().equals(replicas))) {
            return Optional.empty();
        }
        long consumed = last.consumed() - first.consumed();
        double perReplica = consumed / seconds(span()) / replicas.getAsInt();
        return Optional.of(new ReplicaThroughput(perReplica, consumed > 0 && consumed <= first.lag()));
    }

    private Sample second() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }

    private Duration span() {
        return Duration.between(samples.getFirst().at(), samples.getLast().at());
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
