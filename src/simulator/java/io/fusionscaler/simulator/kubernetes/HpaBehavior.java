package io.fusionscaler.simulator.kubernetes;

import java.util.List;

/**
 * An HPA's {@code spec.behavior}: scaling rules for each direction. {@link #DEFAULT} is the default the autoscaling/v2
 * API documents (kubernetes.io "Horizontal Pod Autoscaling", section "Default Behavior";
 * pkg/apis/autoscaling/v2/defaults.go {@code GenerateHPAScaleUpRules}, {@code GenerateHPAScaleDownRules}): scale up by
 * the larger of 100 % or 4 pods per 15 s with no stabilization, scale down by up to 100 % per 15 s after a 300 s
 * window.
 */
public record HpaBehavior(ScalingRules scaleUp, ScalingRules scaleDown) {

    public static final HpaBehavior DEFAULT = new HpaBehavior(
            new ScalingRules(0, ScalingRules.SelectPolicy.MAX, List.of(new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15),
                    new ScalingPolicy(ScalingPolicy.Type.PODS, 4, 15))),
            new ScalingRules(300, ScalingRules.SelectPolicy.MAX, List.of(new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15))));
}
