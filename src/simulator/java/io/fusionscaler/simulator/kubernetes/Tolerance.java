package io.fusionscaler.simulator.kubernetes;

/**
 * The HPA's tolerance: a usage ratio (current / target) within [1 - tolerance, 1 + tolerance] changes nothing
 * ({@code Tolerances.isWithin}, kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go; both bounds
 * included). One value for both directions, the controller's {@code --horizontal-pod-autoscaler-tolerance}.
 */
public record Tolerance(double value) {

    public boolean isWithin(double usageRatio) {
        return 1.0 - value <= usageRatio && usageRatio <= 1.0 + value;
    }
}
