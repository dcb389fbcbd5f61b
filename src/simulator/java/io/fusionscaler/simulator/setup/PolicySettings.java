package io.fusionscaler.simulator.setup;

import io.fusionscaler.simulator.keda.KedaSettings;

import java.time.Duration;

/**
 * What the five compared set-ups are configured with. The same numbers go to every set-up that has them, so that
 * they differ only in how they decide.
 *
 * @param lagThreshold     {@code lagThreshold} of every kafka trigger
 * @param drainTarget      {@code lagDrainTarget} of the rate policy, and the horizon of the scalingModifiers formula
 * @param cpuTargetPercent the cpu trigger's utilization target
 * @param replicaRate      what a user knows of one replica's rate from a load test: the rate policy's
 *                         {@code lagReplicaRate} (until it measures its own) and the formula's target are built from it
 * @param refreshSeconds   how often fusion-scaler refreshes Kafka offsets ({@code fusion.kafka.refresh-interval})
 */
public record PolicySettings(long lagThreshold, Duration drainTarget, int cpuTargetPercent, double replicaRate,
        KedaSettings keda, int refreshSeconds) {

    public PolicySettings {
        if (lagThreshold <= 0) {
            throw new IllegalArgumentException("lagThreshold must be > 0, got " + lagThreshold);
        }
        if (drainTarget.isNegative() || drainTarget.isZero() || drainTarget.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("drainTarget must be a whole number of seconds > 0, got " + drainTarget);
        }
        if (cpuTargetPercent <= 0) {
            throw new IllegalArgumentException("cpuTargetPercent must be > 0, got " + cpuTargetPercent);
        }
        if (refreshSeconds < 1) {
            throw new IllegalArgumentException("refreshSeconds must be >= 1, got " + refreshSeconds);
        }
    }
}
