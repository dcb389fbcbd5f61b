package io.fusionscaler.simulator.kubernetes;

import java.util.List;

/**
 * What a KEDA-made HPA runs with.
 *
 * <p>Defaults are Kubernetes': the controller syncs every 15 s ({@code --horizontal-pod-autoscaler-sync-period}) with a
 * 10 % tolerance ({@code --horizontal-pod-autoscaler-tolerance}), and the default behavior is the one the
 * autoscaling/v2 API documents (kubernetes.io "Horizontal Pod Autoscaling", section "Default Behavior";
 * pkg/apis/autoscaling/v2/defaults.go): scale up by the larger of 100 % or 4 pods per 15 s with no stabilization,
 * scale down by up to 100 % per 15 s after a 300 s stabilization window. KEDA leaves {@code behavior} unset unless the
 * ScaledObject sets {@code advanced.horizontalPodAutoscalerConfig.behavior} (controllers/keda/hpa.go); the controller's
 * path for an unset behavior (horizontal.go {@code normalizeDesiredReplicas}: a 300 s downscale window and at most
 * max(2 x current, 4) per sync) gives the same numbers at a 15 s sync. KEDA sets the HPA's minReplicas to
 * max(minReplicaCount, 1) ({@code GetHPAMinReplicas}, apis/keda/v1alpha1/scaledobject_types.go).
 */
public record HpaSettings(int minReplicas, int maxReplicas, int syncPeriodSeconds, double tolerance,
        ScalingRules scaleUp, ScalingRules scaleDown) {

    public static final int DEFAULT_SYNC_PERIOD_SECONDS = 15;
    public static final double DEFAULT_TOLERANCE = 0.1;
    public static final ScalingRules DEFAULT_SCALE_UP = new ScalingRules(0, ScalingRules.SelectPolicy.MAX, List.of(
            new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15), new ScalingPolicy(ScalingPolicy.Type.PODS, 4, 15)));
    public static final ScalingRules DEFAULT_SCALE_DOWN = new ScalingRules(300, ScalingRules.SelectPolicy.MAX, List.of(
            new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15)));

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
    }

    /** Kubernetes' defaults for a ScaledObject with {@code minReplicaCount}..{@code maxReplicaCount}. */
    public static HpaSettings forScaledObject(int minReplicaCount, int maxReplicaCount) {
        return new HpaSettings(Math.max(minReplicaCount, 1), maxReplicaCount, DEFAULT_SYNC_PERIOD_SECONDS,
                DEFAULT_TOLERANCE, DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN);
    }
}
