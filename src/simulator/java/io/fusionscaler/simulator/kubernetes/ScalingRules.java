package io.fusionscaler.simulator.kubernetes;

import java.util.List;

/**
 * One direction of an HPA's {@code behavior}: the stabilization window and the rate limits.
 *
 * @param selectPolicy which policy wins when several apply: the one allowing the largest change ({@code MAX}, the
 *                     default), the smallest ({@code MIN}), or none ({@code DISABLED}: no scaling in this direction)
 */
public record ScalingRules(int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<ScalingPolicy> policies) {

    public enum SelectPolicy { MAX, MIN, DISABLED }

    public ScalingRules {
        if (stabilizationWindowSeconds < 0 || stabilizationWindowSeconds > 3600) {
            throw new IllegalArgumentException("stabilizationWindowSeconds must be within [0, 3600], got "
                    + stabilizationWindowSeconds);
        }
        policies = List.copyOf(policies);
    }

    int longestPeriodSeconds() {
        return policies.stream().mapToInt(ScalingPolicy::periodSeconds).max().orElse(0);
    }
}
