package io.fusionscaler.simulator.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** GetResourceReplicas (replica_calculator.go) for a cpu Utilization target of 70 %. */
class CpuUtilizationMetricTest {

    private static final Tolerance TEN_PERCENT = new Tolerance(0.1);

    private static CpuUtilizationMetric at(double utilization) {
        return new CpuUtilizationMetric(() -> OptionalDouble.of(utilization), 70);
    }

    @Test
    void scalesReadyPodsByUtilizationOverTarget() {
        assertThat(at(1.0).propose(new PodCounts(2, 2, 2), TEN_PERCENT)).as("ceil(100/70 x 2)").hasValue(3);
        assertThat(at(0.2).propose(new PodCounts(4, 4, 4), TEN_PERCENT)).as("ceil(20/70 x 4)").hasValue(2);
    }

    @Test
    void withinTheToleranceKeepsSpecReplicas() {
        assertThat(at(0.75).propose(new PodCounts(4, 4, 4), TEN_PERCENT)).hasValue(4);
    }

    @Test
    void unreadyPodsCountAsIdleWhenScalingUp() {
        assertThat(at(1.0).propose(new PodCounts(4, 4, 2), TEN_PERCENT)).as("50 % over 4 pods is below 70 %: hold")
                .hasValue(4);
        assertThat(at(1.0).propose(new PodCounts(3, 3, 2), TEN_PERCENT)).as("floor(200/3) = 66 % of 70 %: inside the tolerance")
                .hasValue(3);
        assertThat(at(1.0).propose(new PodCounts(5, 5, 4), TEN_PERCENT)).as("80 % over 5 pods: ceil(80/70 x 5)")
                .hasValue(6);
    }

    @Test
    void cannotBeComputedWithoutAReadyPod() {
        assertThat(at(0.5).propose(new PodCounts(2, 2, 0), TEN_PERCENT)).isEmpty();
        assertThat(new CpuUtilizationMetric(OptionalDouble::empty, 70).propose(new PodCounts(1, 1, 1), TEN_PERCENT)).isEmpty();
    }
}
