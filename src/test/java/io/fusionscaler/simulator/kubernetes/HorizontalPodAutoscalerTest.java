package io.fusionscaler.simulator.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The HPA controller's rules (horizontal.go), one test per rule, with Kubernetes' defaults. */
class HorizontalPodAutoscalerTest {

    private final HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(HpaSettings.forScaledObject(0, 20));

    private static List<HpaMetric> wants(int replicas) {
        return List.of((pods, tolerance) -> OptionalInt.of(replicas));
    }

    private static PodCounts running(int replicas) {
        return new PodCounts(replicas, replicas, replicas);
    }

    @Test
    void isDisabledAtZeroReplicasBecauseKedaOwnsZeroToOne() {
        assertThat(hpa.sync(0, running(0), wants(5))).isZero();
    }

    @Test
    void keepsTheLargestProposalAcrossMetrics() {
        List<HpaMetric> metrics = List.of((p, t) -> OptionalInt.of(2), (p, t) -> OptionalInt.of(3), (p, t) -> OptionalInt.empty());
        assertThat(hpa.sync(0, running(2), metrics)).isEqualTo(3);
    }

    @Test
    void changesNothingWhenNoMetricCanBeComputed() {
        assertThat(hpa.sync(0, running(3), List.of((p, t) -> OptionalInt.empty()))).isEqualTo(3);
    }

    @Test
    void scaleUpIsLimitedToDoubleOrFourPodsPerFifteenSeconds() {
        assertThat(hpa.sync(0, running(1), wants(20))).as("max(1 x 2, 1 + 4)").isEqualTo(5);
        assertThat(hpa.sync(5, running(5), wants(20))).as("the 4 pods added 5 s ago count against this period")
                .isEqualTo(5);
        assertThat(hpa.sync(15, running(5), wants(20))).as("a new period: max(5 x 2, 5 + 4)").isEqualTo(10);
        assertThat(hpa.sync(30, running(10), wants(20))).isEqualTo(20);
    }

    @Test
    void scaleUpIsHeldAtMaxReplicas() {
        assertThat(hpa.sync(0, running(15), wants(50))).isEqualTo(20);
        assertThat(hpa.sync(15, running(25), wants(50))).as("above max: brought back at once").isEqualTo(20);
    }

    @Test
    void scaleDownWaitsForTheHighestRecommendationOfTheLast300Seconds() {
        assertThat(hpa.sync(0, running(8), wants(8))).isEqualTo(8);
        assertThat(hpa.sync(15, running(8), wants(2))).isEqualTo(8);
        assertThat(hpa.sync(285, running(8), wants(2))).as("the 8 of t=0 is still inside the window").isEqualTo(8);
        assertThat(hpa.sync(300, running(8), wants(2))).as("300 s later it has left the window").isEqualTo(2);
    }

    @Test
    void scaleUpIsNotStabilized() {
        hpa.sync(0, running(2), wants(1));
        assertThat(hpa.sync(15, running(2), wants(4))).isEqualTo(4);
    }

    @Test
    void neverGoesBelowMinReplicas() {
        HorizontalPodAutoscaler noWindow = new HorizontalPodAutoscaler(new HpaSettings(1, 10, 15, 0.1,
                HpaSettings.DEFAULT_SCALE_UP, new ScalingRules(0, ScalingRules.SelectPolicy.MAX, HpaSettings.DEFAULT_SCALE_DOWN.policies())));
        assertThat(noWindow.sync(0, running(4), wants(0))).isEqualTo(1);
    }

    @Test
    void scaleDownPoliciesLimitThePace() {
        HorizontalPodAutoscaler slow = new HorizontalPodAutoscaler(new HpaSettings(1, 10, 15, 0.1, HpaSettings.DEFAULT_SCALE_UP,
                new ScalingRules(0, ScalingRules.SelectPolicy.MAX, List.of(new ScalingPolicy(ScalingPolicy.Type.PODS, 1, 60)))));
        assertThat(slow.sync(0, running(6), wants(1))).isEqualTo(5);
        assertThat(slow.sync(15, running(5), wants(1))).as("one pod per 60 s").isEqualTo(5);
        assertThat(slow.sync(60, running(5), wants(1))).isEqualTo(4);
    }

    @Test
    void aDisabledDirectionNeverScales() {
        HorizontalPodAutoscaler frozen = new HorizontalPodAutoscaler(new HpaSettings(1, 10, 15, 0.1,
                new ScalingRules(0, ScalingRules.SelectPolicy.DISABLED, HpaSettings.DEFAULT_SCALE_UP.policies()),
                HpaSettings.DEFAULT_SCALE_DOWN));
        assertThat(frozen.sync(0, running(2), wants(8))).isEqualTo(2);
    }
}
