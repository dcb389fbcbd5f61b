package io.fusionscaler.simulator.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * What a KEDA-made HPA runs with. The controller's defaults: a sync every 15 s
 * ({@code --horizontal-pod-autoscaler-sync-period}), a 10 % tolerance ({@code --horizontal-pod-autoscaler-tolerance}),
 * a 300 s downscale stabilization for HPAs without a behavior ({@code --horizontal-pod-autoscaler-downscale-stabilization}).
 * KEDA sets minReplicas to max(minReplicaCount, 1) ({@code GetHPAMinReplicas}, apis/keda/v1alpha1/scaledobject_types.go)
 * and copies {@code advanced.horizontalPodAutoscalerConfig.behavior}, which is unset unless the ScaledObject sets it
 * (controllers/keda/hpa.go); the API server fills in defaults only for a behavior that is set
 * ({@code SetDefaults_HorizontalPodAutoscalerBehavior}, pkg/apis/autoscaling/v2/defaults.go).
 *
 * @param behavior the HPA's {@code spec.behavior}; empty when unset, as KEDA leaves it by default
 */
public record HpaSettings(int minReplicas, int maxReplicas, int syncPeriodSeconds, double tolerance,
        int downscaleStabilizationSeconds, Optional<HpaBehavior> behavior) {

    public static final int DEFAULT_SYNC_PERIOD_SECONDS = 15;
    public static final double DEFAULT_TOLERANCE = 0.1;
    public static final int DEFAULT_DOWNSCALE_STABILIZATION_SECONDS = 300;

    public HpaSettings {
        if (minReplicas < 1 || maxReplicas < minReplicas) {
            throw new IllegalArgumentException("need 1 <= minReplicas <= maxReplicas, got " + minReplicas + ".." + maxReplicas);
        }
        if (syncPeriodSeconds < 1) {
            throw new IllegalArgumentException("syncPeriodSeconds must be >= 1, got " + syncPeriodSeconds);
        }
        if (!(tolerance >= 0) || tolerance >= 1) {
            throw new IllegalArgumentException("tolerance must be within [0, 1), got " + tolerance);
        }
        Objects.requireNonNull(behavior, "behavior");
    }

    /** Kubernetes' defaults for a ScaledObject with {@code minReplicaCount}..{@code maxReplicaCount} and this behavior. */
    public static HpaSettings forScaledObject(int minReplicaCount, int maxReplicaCount, Optional<HpaBehavior> behavior) {
        return new HpaSettings(Math.max(minReplicaCount, 1), maxReplicaCount, DEFAULT_SYNC_PERIOD_SECONDS, DEFAULT_TOLERANCE,
                DEFAULT_DOWNSCALE_STABILIZATION_SECONDS, behavior);
    }
}
