package io.fusionscaler.simulator.kubernetes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GetExternalPerPodMetricReplicas (replica_calculator.go): the AverageValue arithmetic and the 10 % tolerance. */
class ExternalAverageValueMetricTest {

    private static final Tolerance TEN_PERCENT = new Tolerance(0.1);

    private static int propose(double value, double target, int statusReplicas) {
        return new ExternalAverageValueMetric(() -> value, target)
                .propose(new PodCounts(statusReplicas, statusReplicas, statusReplicas), TEN_PERCENT).orElseThrow();
    }

    @Test
    void asksCeilOfValueOverTarget() {
        assertThat(propose(1250, 300, 1)).isEqualTo(5);
    }

    @Test
    void withinTheToleranceKeepsTheCurrentCount() {
        assertThat(propose(11, 1, 10)).as("ratio 1.1: inside, bounds included").isEqualTo(10);
        assertThat(propose(9, 1, 10)).as("ratio 0.9: inside").isEqualTo(10);
        assertThat(propose(11.5, 1, 10)).as("ratio 1.15: outside").isEqualTo(12);
    }

    @Test
    void dividesByTheReplicasThatExistStartedOrNot() {
        ExternalAverageValueMetric metric = new ExternalAverageValueMetric(() -> 10.5, 1);
        assertThat(metric.propose(new PodCounts(10, 10, 2), TEN_PERCENT)).hasValue(10);
    }

    @Test
    void negativeValuesCountAsZero() {
        assertThat(propose(-5, 1, 3)).isZero();
    }
}
