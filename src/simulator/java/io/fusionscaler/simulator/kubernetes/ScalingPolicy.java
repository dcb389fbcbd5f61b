package io.fusionscaler.simulator.kubernetes;

/**
 * One HPA scaling policy ({@code behavior.scaleUp/scaleDown.policies[]}): at most {@code value} pods, or
 * {@code value} percent of the replicas at the start of the period, added (or removed) within {@code periodSeconds}.
 */
public record ScalingPolicy(Type type, int value, int periodSeconds) {

    public enum Type { PODS, PERCENT }

    public ScalingPolicy {
        if (value <= 0 || periodSeconds <= 0) {
            throw new IllegalArgumentException("a scaling policy needs value > 0 and periodSeconds > 0, got " + value
                    + " per " + periodSeconds + " s");
        }
    }
}
