package io.fusionscaler.signal.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One answer of the lag-rate policy ({@link LagRateModel#observe}).
 *
 * @param desiredReplicas the replicas asked for, after the partition cap and the down-scale stabilization
 * @param inputRate       λ_in: messages produced per second over the rate window; empty until two samples exist
 * @param replicaRate     μ: messages one replica processes per second (observed, else configured); empty while unknown
 * @param drainTime       how long the current replicas need to clear the lag while keeping up with the input; empty
 *                        when unknown or when they never will (they process slower than the input arrives)
 * @param reason          how the answer was reached, for people: the arithmetic, the fallback and why, the cap
 */
public record LagRateDecision(long desiredReplicas, OptionalDouble inputRate, OptionalDouble replicaRate,
                              Optional<Duration> drainTime, String reason) {

    public LagRateDecision {
        if (desiredReplicas < 0) {
            throw new IllegalArgumentException("desiredReplicas must be >= 0, got " + desiredReplicas);
        }
        Objects.requireNonNull(inputRate, "inputRate");
        Objects.requireNonNull(replicaRate, "replicaRate");
        Objects.requireNonNull(drainTime, "drainTime");
        Objects.requireNonNull(reason, "reason");
    }

    /** True when λ_in or μ was unknown, so the answer is the caller's fallback rather than the rate arithmetic. */
    public boolean usedFallback() {
        return inputRate.isEmpty() || replicaRate.isEmpty();
    }
}
