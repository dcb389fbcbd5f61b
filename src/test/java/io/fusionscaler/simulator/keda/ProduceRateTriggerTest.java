package io.fusionscaler.simulator.keda;

import io.fusionscaler.simulator.workload.Workload;
import io.fusionscaler.simulator.workload.WorkloadSettings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Prometheus produce-rate trigger: samples every 30 s, rate over the samples of the last 2 minutes. */
class ProduceRateTriggerTest {

    @Test
    void reportsNothingUntilTwoScrapesThenTheRateBetweenThem() {
        ProduceRateTrigger rate = new ProduceRateTrigger("rate", 1800);
        Workload workload = new Workload(WorkloadSettings.DEFAULTS);
        for (long second = 0; second <= 240; second++) {
            workload.produce(second, 10);
            rate.tick(workload, second);
            if (second == 29) {
                assertThat(rate.read(workload).value()).as("one scrape so far").isZero();
                assertThat(rate.read(workload).active()).isFalse();
            }
        }
        assertThat(rate.read(workload).value()).isEqualTo(10.0);
        assertThat(rate.read(workload).active()).isTrue();
    }

    @Test
    void lagsBehindAChangeByTheScrapeIntervalAndTheWindow() {
        ProduceRateTrigger rate = new ProduceRateTrigger("rate", 1800);
        Workload workload = new Workload(WorkloadSettings.DEFAULTS);
        for (long second = 0; second <= 300; second++) {
            workload.produce(second, second < 200 ? 0 : 60);
            rate.tick(workload, second);
            if (second == 209) {
                assertThat(rate.read(workload).value()).as("the first 10 s of traffic are not scraped yet").isZero();
            }
            if (second == 239) {
                assertThat(rate.read(workload).value()).as("39 s into 60 msg/s: 660 messages over the 90 s the samples span")
                        .isCloseTo(660 / 90.0, within(1e-9));
            }
        }
        assertThat(rate.read(workload).value()).as("once the window holds only the new traffic").isEqualTo(60.0);
    }
}
