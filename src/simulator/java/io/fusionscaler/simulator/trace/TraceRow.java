package io.fusionscaler.simulator.trace;

import java.util.OptionalDouble;

/**
 * One row of a trace: from {@code start} (seconds since the trace's first row) for {@code seconds} seconds,
 * {@code produced} messages were produced, spread evenly, and, when recorded, {@code consumed} were consumed.
 */
public record TraceRow(long start, long seconds, double produced, OptionalDouble consumed) {

    public TraceRow {
        if (start < 0 || seconds <= 0) {
            throw new IllegalArgumentException("a row starts at 0 or later and lasts at least 1 s, got start " + start
                    + " for " + seconds + " s");
        }
        if (!(produced >= 0) || Double.isInfinite(produced)) {
            throw new IllegalArgumentException("produced must be a finite number >= 0, got " + produced);
        }
        if (consumed.isPresent() && (!(consumed.getAsDouble() >= 0) || Double.isInfinite(consumed.getAsDouble()))) {
            throw new IllegalArgumentException("consumed must be a finite number >= 0, got " + consumed.getAsDouble());
        }
    }

    /** Messages per second in this row. */
    public double rate() {
        return produced / seconds;
    }
}
