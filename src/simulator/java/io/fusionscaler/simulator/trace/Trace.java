package io.fusionscaler.simulator.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A traffic trace, second by second: how many messages were produced in each second, and, when the trace recorded
 * it, how many the real consumers took. Rows are spread evenly over their seconds; fractions are carried over so that
 * every second holds whole messages and the totals are those of the rows.
 */
public final class Trace {

    private final String name;
    private final String description;
    private final long[] produced;
    private final long[] consumed;
    private final double[] rowRate;

    public Trace(String name, String description, List<TraceRow> rows) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a trace has at least one row");
        }
        TraceRow last = rows.get(rows.size() - 1);
        int seconds = Math.toIntExact(last.start() + last.seconds());
        boolean recorded = rows.get(0).consumed().isPresent();
        produced = new long[seconds];
        consumed = recorded ? new long[seconds] : null;
        rowRate = new double[seconds];
        double producedSoFar = 0;
        double consumedSoFar = 0;
        for (TraceRow row : rows) {
            if (row.consumed().isPresent() != recorded) {
                throw new IllegalArgumentException("either every row records consumed or none does");
            }
            for (long s = 0; s < row.seconds(); s++) {
                int second = Math.toIntExact(row.start() + s);
                double share = (s + 1.0) / row.seconds();
                produced[second] = Math.round(producedSoFar + row.produced() * share) - Math.round(producedSoFar
                        + row.produced() * s / row.seconds());
                if (recorded) {
                    double c = row.consumed().getAsDouble();
                    consumed[second] = Math.round(consumedSoFar + c * share) - Math.round(consumedSoFar + c * s / row.seconds());
                }
                rowRate[second] = row.rate();
            }
            producedSoFar += row.produced();
            consumedSoFar += row.consumed().orElse(0);
        }
    }

    public String name() {
        return name;
    }

    /** What the trace shows, from its comment lines; empty when it has none. */
    public String description() {
        return description;
    }

    /** Seconds covered. */
    public int seconds() {
        return produced.length;
    }

    /** Messages produced during second {@code second}; none after the trace ends. */
    public long producedAt(long second) {
        return second < produced.length ? produced[(int) second] : 0;
    }

    public long totalProduced() {
        return Arrays.stream(produced).sum();
    }

    /** The recorded per-second consumption, when the trace has a {@code consumed} column. */
    public Optional<long[]> recordedConsumption() {
        return Optional.ofNullable(consumed).map(long[]::clone);
    }

    /** Mean production over the trace, messages per second. */
    public double meanRate() {
        return (double) totalProduced() / produced.length;
    }

    /**
     * The seconds at which a burst ends. A burst is a run of seconds whose row rate is above the trace's mean rate; it
     * ends at the first second back at or below the mean, or at the end of the trace.
     */
    public List<Long> burstEnds() {
        double mean = meanRate();
        List<Long> ends = new ArrayList<>();
        boolean inBurst = false;
        for (int second = 0; second < rowRate.length; second++) {
            boolean above = rowRate[second] > mean;
            if (inBurst && !above) {
                ends.add((long) second);
            }
            inBurst = above;
        }
        if (inBurst) {
            ends.add((long) rowRate.length);
        }
        return ends;
    }
}
