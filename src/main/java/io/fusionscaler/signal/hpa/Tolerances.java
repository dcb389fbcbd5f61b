package io.fusionscaler.signal.hpa;

/**
 * How far the usage ratio may stray from 1 before the replica count changes, downwards and upwards (the HPA's
 * {@code --horizontal-pod-autoscaler-tolerance}, 0.1 both ways by default, and its per-HPA configurable tolerances).
 */
public record Tolerances(double scaleDown, double scaleUp) {

    public Tolerances {
        if (!(scaleDown >= 0) || !(scaleUp >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got " + scaleDown + " and " + scaleUp);
        }
    }

    public static Tolerances both(double tolerance) {
        return new Tolerances(tolerance, tolerance);
    }

    boolean within(double usageRatio) {
        return 1.0 - scaleDown <= usageRatio && usageRatio <= 1.0 + scaleUp;
    }
}
