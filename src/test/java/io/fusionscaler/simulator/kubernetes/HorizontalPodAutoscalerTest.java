package io.fusionscaler.simulator.kubernetes;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The HPA controller's rules (horizontal.go), one test per rule, with Kubernetes' defaults. */
class HorizontalPodAutoscalerTest {

    private static List<HpaMetric> wants(int replicas) {
        return List.of((pods, tolerance) -> OptionalInt.of(replicas));
    }

    private static PodCounts running(int replicas) {
        return new PodCounts(replicas, replicas, replicas);
    }

    private static HorizontalPodAutoscaler hpa(Optional<HpaBehavior> behavior) {
        return new HorizontalPodAutoscaler(HpaSettings.forScaledObject(0, 20, behavior));
    }

    private static HorizontalPodAutoscaler withDownScaling(ScalingRules scaleDown) {
        return new HorizontalPodAutoscaler(new HpaSettings(1, 10, 15, 0.1, 300,
                Optional.of(new HpaBehavior(HpaBehavior.DEFAULT.scaleUp(), scaleDown))));
    }

    /** The rules every HPA follows, behavior or not. */
    @Nested
    class Always {

        private final HorizontalPodAutoscaler hpa = hpa(Optional.empty());

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
        void bringsACountAboveMaxReplicasBackAtOnce() {
            assertThat(hpa.sync(0, running(25), wants(25))).isEqualTo(20);
        }
    }

    /** KEDA's default: no behavior in the HPA, the controller's own rule ({@code normalizeDesiredReplicas}). */
    @Nested
    class WithoutBehavior {

        private final HorizontalPodAutoscaler hpa = hpa(Optional.empty());

        @Test
        void scaleUpIsLimitedToDoubleOrFourPerSync() {
            assertThat(hpa.sync(0, running(1), wants(20))).as("max(2 x 1, 4)").isEqualTo(4);
            assertThat(hpa.sync(15, running(4), wants(20))).as("max(2 x 4, 4)").isEqualTo(8);
            assertThat(hpa.sync(30, running(8), wants(20))).as("max 20").isEqualTo(16);
            assertThat(hpa.sync(45, running(16), wants(50))).isEqualTo(20);
        }

        @Test
        void scaleDownWaitsForTheHighestRecommendationOfTheLast300SecondsThenDropsAtOnce() {
            assertThat(hpa.sync(0, running(8), wants(8))).isEqualTo(8);
            assertThat(hpa.sync(15, running(8), wants(2))).isEqualTo(8);
            assertThat(hpa.sync(300, running(8), wants(2))).as("a recommendation exactly 300 s old still counts").isEqualTo(8);
            assertThat(hpa.sync(315, running(8), wants(2))).as("no rate limit down").isEqualTo(2);
        }

        @Test
        void neverGoesBelowMinReplicas() {
            HorizontalPodAutoscaler noWindow = new HorizontalPodAutoscaler(new HpaSettings(1, 10, 15, 0.1, 0, Optional.empty()));
            noWindow.sync(0, running(4), wants(4));
            assertThat(noWindow.sync(15, running(4), wants(0))).isEqualTo(1);
        }
    }

    /** A behavior set in the ScaledObject: the documented defaults, and policies of one's own. */
    @Nested
    class WithBehavior {

        private final HorizontalPodAutoscaler hpa = hpa(Optional.of(HpaBehavior.DEFAULT));

        @Test
        void scaleUpIsLimitedToDoubleOrFourMorePodsPerFifteenSeconds() {
            assertThat(hpa.sync(0, running(1), wants(20))).as("max(1 x 2, 1 + 4)").isEqualTo(5);
            assertThat(hpa.sync(5, running(5), wants(20))).as("the 4 pods added 5 s ago count against this period")
                    .isEqualTo(5);
            assertThat(hpa.sync(15, running(5), wants(20))).as("a new period: max(5 x 2, 5 + 4)").isEqualTo(10);
            assertThat(hpa.sync(30, running(10), wants(20))).isEqualTo(20);
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
            HorizontalPodAutoscaler noWindow = withDownScaling(new ScalingRules(0, ScalingRules.SelectPolicy.MAX,
                    HpaBehavior.DEFAULT.scaleDown().policies()));
            assertThat(noWindow.sync(0, running(4), wants(0))).isEqualTo(1);
        }

        @Test
        void scaleDownPoliciesLimitThePace() {
            HorizontalPodAutoscaler slow = withDownScaling(new ScalingRules(0, ScalingRules.SelectPolicy.MAX,
                    List.of(new ScalingPolicy(ScalingPolicy.Type.PODS, 1, 60))));
            assertThat(slow.sync(0, running(6), wants(1))).isEqualTo(5);
            assertThat(slow.sync(15, running(5), wants(1))).as("one pod per 60 s").isEqualTo(5);
            assertThat(slow.sync(60, running(5), wants(1))).isEqualTo(4);
        }

        @Test
        void aDisabledDirectionNeverScales() {
            HorizontalPodAutoscaler frozen = withDownScaling(new ScalingRules(0, ScalingRules.SelectPolicy.DISABLED,
                    HpaBehavior.DEFAULT.scaleDown().policies()));
            assertThat(frozen.sync(0, running(6), wants(1))).isEqualTo(6);
        }
    }
}
