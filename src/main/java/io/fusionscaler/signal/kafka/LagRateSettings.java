package io.fusionscaler.signal.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The settings of the lag-rate policy ({@code lagPolicy: rate}) for one trigger.
 *
 * @param drainTarget            {@code lagDrainTarget}: the time in which the replicas asked for should clear today's
 *                               backlog while keeping up with the input; &gt; 0
 * @param replicaRate            {@code lagReplicaRate}: messages per second one replica processes, used until the
 *                               rate is observed; empty when not configured; finite and &gt; 0 when present
 * @param scaleDownStabilization {@code lagScaleDownStabilization}: answers never fall below the highest answer of this
 *                               window (the HPA's down-scale stabilization); zero turns it off
 * @param rateWindow             {@code lagRateWindow}: the time over which produce and processing rates are measured;
 *                               &gt; 0, and long enough to span several commit intervals of the consumers
 */
public record LagRateSettings(Duration drainTarget, OptionalDouble replicaRate, Duration scaleDownStabilization, Duration rateWindow) {

    /** The rate window when none is given: six of Kafka's default auto-commit intervals (5 s). */
    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(30);
    /** The down-scale stabilization when none is given. */
    public static final Duration DEFAULT_SCALE_DOWN_STABILIZATION = Duration.ofSeconds(60);

    public LagRateSettings {
        Objects.requireNonNull(drainTarget, "drainTarget");
        Objects.requireNonNull(replicaRate, "replicaRate");
        Objects.requireNonNull(scaleDownStabilization, "scaleDownStabilization");
        Objects.requireNonNull(rateWindow, "rateWindow");
        if (!positive(drainTarget)) {
            throw new IllegalArgumentException("drainTarget must be > 0, got " + drainTarget);
        }
        if (replicaRate.isPresent() && !(replicaRate.getAsDouble() > 0 && Double.isFinite(replicaRate.getAsDouble()))) {
            throw new IllegalArgumentException("replicaRate must be finite and > 0, got " + replicaRate.getAsDouble());
        }
        if (scaleDownStabilization.isNegative()) {
            throw new IllegalArgumentException("scaleDownStabilization must be >= 0, got " + scaleDownStabilization);
        }
        if (!positive(rateWindow)) {
            throw new IllegalArgumentException("rateWindow must be > 0, got " + rateWindow);
        }
    }

    /** The settings with the default rate window ({@link #DEFAULT_RATE_WINDOW}). */
    public LagRateSettings(Duration drainTarget, OptionalDouble replicaRate, Duration scaleDownStabilization) {
        this(drainTarget, replicaRate, scaleDownStabilization, DEFAULT_RATE_WINDOW);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
