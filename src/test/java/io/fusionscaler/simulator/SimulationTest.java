package io.fusionscaler.simulator;

import io.fusionscaler.simulator.report.ResultTable;
import io.fusionscaler.simulator.report.RunChart;
import io.fusionscaler.simulator.setup.ComparedPolicies;
import io.fusionscaler.simulator.setup.PolicySettings;
import io.fusionscaler.simulator.trace.ShippedTraces;
import io.fusionscaler.simulator.trace.Trace;
import io.fusionscaler.simulator.trace.TraceCsv;
import io.fusionscaler.simulator.workload.WorkloadSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shipped trace through every policy: sane invariants, not fixed figures. */
class SimulationTest {

    private static final WorkloadSettings WORKLOAD = WorkloadSettings.DEFAULTS;
    private static final PolicySettings SETTINGS = SimulatorOptions.from(Map.of()).policies();

    static List<String> shippedTraces() {
        return ShippedTraces.NAMES;
    }

    @ParameterizedTest
    @MethodSource("shippedTraces")
    void everyPolicyProcessesEveryMessageAndScalesBackToZero(String name) throws Exception {
        Trace trace = ShippedTraces.shipped(name);
        List<PolicyResult> results = Simulation.run(trace, ComparedPolicies.create(SETTINGS), WORKLOAD, 900);

        assertThat(results).extracting(PolicyResult::policy).containsExactly(ComparedPolicies.FUSION_THRESHOLD,
                ComparedPolicies.FUSION_RATE, ComparedPolicies.KEDA_KAFKA, ComparedPolicies.KEDA_KAFKA_CPU,
                ComparedPolicies.KEDA_FORMULA);
        for (PolicyResult r : results) {
            Timeline timeline = r.timeline();
            assertThat(r.undrained()).as(r.policy()).isZero();
            assertThat(timeline.seconds()).as(r.policy()).isGreaterThanOrEqualTo(trace.seconds() + 900);
            assertThat(r.replicaSeconds().orElseThrow()).as(r.policy()).isPositive();
            assertThat(r.scaleEvents().orElseThrow()).as(r.policy()).isPositive();
            assertThat(r.waitP50()).as(r.policy()).isLessThanOrEqualTo(r.waitP99());
            assertThat(r.waitP99()).as(r.policy()).isLessThanOrEqualTo(r.waitMax());
            assertThat(r.maxBacklog()).as(r.policy()).isPositive();
            assertThat(r.drainSeconds()).as(r.policy()).hasSize(trace.burstEnds().size());
            assertThat(timeline.replicasAt(timeline.seconds() - 1)).as(r.policy() + ": back to zero after the tail").isZero();
            for (int second = 0; second < timeline.seconds(); second++) {
                assertThat(timeline.replicasAt(second)).as(r.policy()).isBetween(0, SETTINGS.keda().maxReplicaCount());
            }
        }
        assertThat(results).allSatisfy(r -> assertThat(r.timeline().seconds()).isEqualTo(results.get(0).timeline().seconds()));
    }

    @Test
    void pushedActivationNeverWaitsLongerThanKedasPoll() throws Exception {
        List<PolicyResult> results = Simulation.run(ShippedTraces.shipped("spike"), ComparedPolicies.create(SETTINGS), WORKLOAD, 900);
        assertThat(results.get(0).waitMax()).isLessThan(results.get(2).waitMax());
    }

    @Test
    void aRecordedTraceIsReplayedBesideThePolicies(@TempDir Path dir) throws Exception {
        Trace trace = TraceCsv.read("recorded", new StringReader("time_s,produced,consumed\n0,600,300\n60,0,300\n120,0,0\n"));
        List<PolicyResult> results = Simulation.run(trace, ComparedPolicies.create(SETTINGS), WORKLOAD, 300);

        PolicyResult recorded = results.get(results.size() - 1);
        assertThat(recorded.policy()).isEqualTo(RecordedRun.NAME);
        assertThat(recorded.replicaSeconds()).isEmpty();
        assertThat(recorded.undrained()).isZero();
        assertThat(recorded.maxBacklog()).isEqualTo(300);
        assertThat(recorded.waitMax()).isGreaterThanOrEqualTo(60);

        Path png = dir.resolve("recorded.png");
        RunChart.write(trace, results, png);
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(new ResultTable(results).markdown()).contains("| " + RecordedRun.NAME + " |").contains("| - |");
    }
}
