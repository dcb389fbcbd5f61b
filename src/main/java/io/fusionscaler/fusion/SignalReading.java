package io.fusionscaler.fusion;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one signal measured for one trigger: its headline value (lag, pending requests, utilization), the
 * replicas it asks for, whether it alone would keep the workload active, when its data was observed (which
 * can be older than the refresh that fetched it: metrics-server averages over a window), how much of the
 * target it covers, and the figures behind those numbers for the explain view.
 */
public record SignalReading(String signal, double value, long desiredReplicas, boolean active, Instant observedAt,
        Coverage coverage, Map<String, Object> details) {

    public SignalReading {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(coverage, "coverage");
        if (desiredReplicas < 0) {
            throw new IllegalArgumentException("desiredReplicas must be >= 0, got " + desiredReplicas);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(signal + " value must be finite, got " + value);
        }
        details = Map.copyOf(details);
    }
}
