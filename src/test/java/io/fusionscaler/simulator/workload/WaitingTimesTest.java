package io.fusionscaler.simulator.workload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingTimesTest {

    @Test
    void percentilesAreWeightedByMessages() {
        WaitingTimes waits = new WaitingTimes();
        waits.record(0, 98);
        waits.record(10, 1);
        waits.record(500, 1);
        assertThat(waits.percentile(0.5)).isZero();
        assertThat(waits.percentile(0.99)).isEqualTo(10);
        assertThat(waits.percentile(1.0)).isEqualTo(500);
        assertThat(waits.max()).isEqualTo(500);
    }

    @Test
    void noMessagesMeansNoWait() {
        assertThat(new WaitingTimes().percentile(0.99)).isZero();
    }
}
