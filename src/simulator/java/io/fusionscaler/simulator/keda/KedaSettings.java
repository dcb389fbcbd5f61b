package io.fusionscaler.simulator.keda;

import io.fusionscaler.simulator.kubernetes.HpaBehavior;

import java.util.Objects;
import java.util.Optional;

/**
 * A ScaledObject's KEDA-side settings. Defaults are KEDA's: {@code pollingInterval} 30 s, {@code cooldownPeriod}
 * 300 s, {@code minReplicaCount} 0 (apis/keda/v1alpha1/withtriggers_types.go, pkg/scaling/executor/scale_executor.go;
 * keda.sh docs "ScaledObject specification"), and {@code initialCooldownPeriod} 0. The simulator's default
 * {@code maxReplicaCount} is the partition count, as a Kafka user sets it (KEDA's own default is 100).
 *
 * @param hpaBehavior {@code advanced.horizontalPodAutoscalerConfig.behavior}, which KEDA copies into its HPA; empty
 *                    when unset (the default)
 */
public record KedaSettings(int pollingIntervalSeconds, int cooldownPeriodSeconds, int minReplicaCount, int maxReplicaCount,
        Optional<HpaBehavior> hpaBehavior) {

    public static final int DEFAULT_POLLING_INTERVAL_SECONDS = 30;
    public static final int DEFAULT_COOLDOWN_PERIOD_SECONDS = 300;

    public KedaSettings {
        if (pollingIntervalSeconds < 1) {
            throw new IllegalArgumentException("pollingInterval must be >= 1 s, got " + pollingIntervalSeconds);
        }
        if (cooldownPeriodSeconds < 0) {
            throw new IllegalArgumentException("cooldownPeriod must be >= 0 s, got " + cooldownPeriodSeconds);
        }
        if (minReplicaCount < 0 || maxReplicaCount < Math.max(1, minReplicaCount)) {
            throw new IllegalArgumentException("need 0 <= minReplicaCount <= maxReplicaCount and maxReplicaCount >= 1, got "
                    + minReplicaCount + ".." + maxReplicaCount);
        }
        Objects.requireNonNull(hpaBehavior, "hpaBehavior");
    }
}
