package io.fusionscaler.simulator;

import io.fusionscaler.simulator.setup.ComparedPolicies;
import io.fusionscaler.simulator.setup.PolicySettings;
import io.fusionscaler.simulator.workload.WorkloadSettings;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** KEDA's polling-interval activation against fusion-scaler's pushed activation, and the HPA's sync period, on runs. */
class ScaledObjectRunTest {

    private static final PolicySettings SETTINGS = SimulatorOptions.from(Map.of()).policies();

    private static ScaledObjectRun run(String policy) {
        return new ScaledObjectRun(ComparedPolicies.create(SETTINGS).stream().filter(so -> so.name().equals(policy))
                .findFirst().orElseThrow(), WorkloadSettings.DEFAULTS);
    }

    /** The second at which the run first has a replica, with one message a second from second {@code from}. */
    private static long wakeUp(String policy, long from) {
        ScaledObjectRun run = run(policy);
        for (long second = 0; second < 200; second++) {
            run.step(second, second >= from ? 1 : 0);
            if (run.result(List.of()).timeline().replicasAt((int) second) > 0) {
                return second;
            }
        }
        throw new AssertionError(policy + " never woke up");
    }

    @Test
    void kedaWakesOnItsNextPollWhichFallsHalfAnIntervalIntoEachInterval() {
        assertThat(wakeUp(ComparedPolicies.KEDA_KAFKA, 20)).isEqualTo(45);
        assertThat(wakeUp(ComparedPolicies.KEDA_KAFKA, 46)).isEqualTo(75);
    }

    @Test
    void fusionScalerPushesTheActivationInTheSecondTheMessageArrives() {
        assertThat(wakeUp(ComparedPolicies.FUSION_THRESHOLD, 20)).isEqualTo(20);
        assertThat(wakeUp(ComparedPolicies.FUSION_RATE, 46)).isEqualTo(46);
    }

    @Test
    void theHpaChangesTheCountOnlyOnItsSyncsHalfAPeriodIn() {
        ScaledObjectRun run = run(ComparedPolicies.KEDA_KAFKA);
        for (long second = 0; second < 600; second++) {
            run.step(second, second < 300 ? 200 : 0);
        }
        Timeline timeline = run.result(List.of()).timeline();
        int changes = 0;
        for (int second = 1; second < timeline.seconds(); second++) {
            int before = timeline.replicasAt(second - 1);
            int after = timeline.replicasAt(second);
            if (before != after && before > 0 && after > 0) {
                changes++;
                assertThat(second % 15).as("HPA change at second " + second).isEqualTo(7);
            }
        }
        assertThat(changes).isPositive();
    }
}
