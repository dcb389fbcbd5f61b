package io.fusionscaler.signal.gpu;

import io.fusionscaler.gpuagent.api.AttributionStatus;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.target.PodPhase;
import io.fusionscaler.target.PodSelector;
import io.fusionscaler.target.Readiness;
import io.fusionscaler.target.ScaleTarget;
import io.fusionscaler.target.TargetPod;
import io.fusionscaler.target.TargetRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.fusionscaler.signal.gpu.Reports.device;
import static io.fusionscaler.signal.gpu.Reports.pod;
import static io.fusionscaler.signal.gpu.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

/** The join of a target's pods with the agents' reports, without I/O; instants in milliseconds. */
class GpuJoinTest {

    private static final Instant NOW = Instant.ofEpochMilli(1_000_000);
    private static final Duration STALENESS = Duration.ofSeconds(10);
    private static final AgentPod AGENT_A = new AgentPod("agent-a", "127.0.0.2");
    private static final AgentPod AGENT_B = new AgentPod("agent-b", "127.0.0.3");
    private static final ScaleTarget TARGET = new ScaleTarget("ml", new TargetRef("apps/v1", "Deployment", "model"), 3, 3,
            PodSelector.everything());

    private static TargetPod running(String name) {
        return new TargetPod("ml", name, Map.of(), PodPhase.RUNNING, false, Optional.of(new Readiness(Readiness.Status.TRUE, NOW)),
                Optional.of(NOW), Optional.of("10.0.0.1"), List.of(), Map.of());
    }

    private static TargetPod inPhase(String name, PodPhase phase, boolean deleting) {
        return new TargetPod("ml", name, Map.of(), phase, deleting, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of());
    }

    private static AgentAnswer answered(GpuAgentReport report) {
        return new AgentAnswer.Report(report, NOW);
    }

    private static AgentReports reports(Map<AgentPod, AgentAnswer> answers) {
        return AgentReports.of(answers, STALENESS);
    }

    @Test
    void targetUtilizationIsTheMeanOverPodsEachTheMeanOverItsGpus() {
        AgentReports reports = reports(Map.of(
                AGENT_A, answered(report("node-a", NOW, 200, pod("ml", "m-0", device("GPU-1", 0.9, null), device("GPU-2", 0.5, null)))),
                AGENT_B, answered(report("node-b", NOW, 500, pod("ml", "m-1", 0.4), pod("other", "m-2", 1.0)))));

        GpuJoin.Result result = GpuJoin.join(TARGET, List.of(running("m-0"), running("m-1")), reports, 50);

        // m-0: (90 + 50) / 2 = 70 %; m-1: 40 % → 55 %; desired = ceil(2 × 55 / 50) = 3
        assertThat(result).isInstanceOfSatisfying(GpuJoin.Result.Figures.class, f -> {
            assertThat(f.utilizationPercent()).isCloseTo(55.0, offset(1e-9));
            assertThat(f.running()).isEqualTo(2);
            assertThat(f.covered()).isEqualTo(2);
            assertThat(f.desiredReplicas()).isEqualTo(3);
            assertThat(f.observedAt()).as("the oldest sample, by the scaler's clock").isEqualTo(NOW.minusMillis(500));
            assertThat(f.details()).containsEntry("nodes", List.of("node-a", "node-b"));
            List<CoveredPod> pods = ((List<?>) f.details().get(GpuTrigger.COVERED_PODS)).stream().map(CoveredPod.class::cast).toList();
            assertThat(pods).extracting(p -> p.pod() + "@" + p.node()).containsExactly("m-0@node-a", "m-1@node-b");
            assertThat(pods.get(0).gpus()).extracting(CoveredPod.HeldGpu::uuid, CoveredPod.HeldGpu::utilizationPercent)
                    .containsExactly(tuple("GPU-1", 90.0), tuple("GPU-2", 50.0));
        });
    }

    @Test
    void exactQuotientsAreNotRoundedUpByFloatingPointNoise() {
        AgentReports reports = reports(Map.of(AGENT_A, answered(report("n", NOW, 0,
                pod("ml", "m-0", 0.7), pod("ml", "m-1", 0.7), pod("ml", "m-2", 0.7)))));

        assertThat(GpuJoin.join(TARGET, List.of(running("m-0"), running("m-1"), running("m-2")), reports, 70))
                .isInstanceOfSatisfying(GpuJoin.Result.Figures.class, f -> assertThat(f.desiredReplicas()).isEqualTo(3));
    }

    @Test
    void podsOfAnAgentThatDidNotAnswerAreUncoveredNotZero() {
        Map<AgentPod, AgentAnswer> answers = new LinkedHashMap<>();
        answers.put(AGENT_A, answered(report("node-a", NOW, 0, pod("ml", "m-0", 0.8))));
        answers.put(AGENT_B, new AgentAnswer.Failure("Connection refused"));

        GpuJoin.Result result = GpuJoin.join(TARGET, List.of(running("m-0"), running("m-1")), reports(answers), 50);

        // only m-0 is measured (80 %); m-1 runs at that mean, not at 0: ceil(2 × 80 / 50) = 4
        assertThat(result).isInstanceOfSatisfying(GpuJoin.Result.Figures.class, f -> {
            assertThat(f.utilizationPercent()).isCloseTo(80.0, offset(1e-9));
            assertThat(f.covered()).isEqualTo(1);
            assertThat(f.running()).isEqualTo(2);
            assertThat(f.desiredReplicas()).isEqualTo(4);
            assertThat((List<?>) f.details().get("agentProblems")).singleElement().asString()
                    .contains("agent-b (127.0.0.3)").contains("Connection refused");
            assertThat(f.details().get("uncoveredPods")).asString().contains("m-1");
        });
    }

    @Test
    void noPodCoveredFailsNamingTheAgentsThatFailed() {
        Map<AgentPod, AgentAnswer> answers = new LinkedHashMap<>();
        answers.put(AGENT_A, new AgentAnswer.Failure("no answer within 2000 ms (fusion.gpu.agent-timeout)"));
        answers.put(AGENT_B, new AgentAnswer.Failure("Connection refused"));

        assertThat(GpuJoin.join(TARGET, List.of(running("m-0")), reports(answers), 50))
                .isInstanceOfSatisfying(GpuJoin.Result.NoFigures.class, f -> assertThat(f.reason())
                        .startsWith("no running pod of Deployment/model (spec.replicas 3) has GPU figures (0 of 1 pods covered, 2 gpu-agents asked)")
                        .contains("gpu-agent agent-a (127.0.0.2): no answer within 2000 ms")
                        .contains("gpu-agent agent-b (127.0.0.3): Connection refused"));
    }

    @Test
    void aPodWhoseGpusHaveNoUtilizationIsUncoveredWithTheNvmlReason() {
        AgentReports reports = reports(Map.of(AGENT_A, answered(report("node-a", NOW, 0,
                pod("ml", "m-0", device("MIG-1", null, "NOT_SUPPORTED")), pod("ml", "m-1", 0.3)))));

        assertThat(GpuJoin.join(TARGET, List.of(running("m-0"), running("m-1")), reports, 50))
                .isInstanceOfSatisfying(GpuJoin.Result.Figures.class, f -> {
                    assertThat(f.covered()).isEqualTo(1);
                    assertThat(f.details().get("uncoveredPods")).asString().contains("m-0").contains("NOT_SUPPORTED");
                });
        assertThat(GpuJoin.join(TARGET, List.of(running("m-0")), reports, 50))
                .isInstanceOfSatisfying(GpuJoin.Result.NoFigures.class, f -> assertThat(f.reason()).contains("pod m-0: no GPU utilization on node node-a (NOT_SUPPORTED)"));
    }

    @Test
    void onlyRunningPodsThatAreNotTerminatingCount() {
        AgentReports reports = reports(Map.of(AGENT_A, answered(report("n", NOW, 0,
                pod("ml", "m-0", 0.6), pod("ml", "m-1", 0.0), pod("ml", "m-2", 0.0)))));

        GpuJoin.Result result = GpuJoin.join(TARGET, List.of(running("m-0"), inPhase("m-1", PodPhase.PENDING, false),
                inPhase("m-2", PodPhase.RUNNING, true), inPhase("m-3", PodPhase.SUCCEEDED, false)), reports, 60);

        assertThat(result).isInstanceOfSatisfying(GpuJoin.Result.Figures.class, f -> {
            assertThat(f.running()).isEqualTo(1);
            assertThat(f.utilizationPercent()).isCloseTo(60.0, offset(1e-9));
            assertThat(f.desiredReplicas()).isEqualTo(1);
        });
    }

    @Test
    void aTargetWithoutRunningPodsHasNothingToMeasure() {
        assertThat(GpuJoin.join(TARGET, List.of(inPhase("m-0", PodPhase.PENDING, false)), reports(Map.of()), 50))
                .isInstanceOfSatisfying(GpuJoin.Result.NoPods.class, n -> assertThat(n.reason()).contains("Deployment/model"));
    }

    @Test
    void idleGpusAskForNoReplicas() {
        AgentReports reports = reports(Map.of(AGENT_A, answered(report("n", NOW, 0, pod("ml", "m-0", 0.0)))));

        assertThat(GpuJoin.join(TARGET, List.of(running("m-0")), reports, 50))
                .isInstanceOfSatisfying(GpuJoin.Result.Figures.class, f -> assertThat(f.desiredReplicas()).isZero());
    }

    @Test
    void aStaleAgentAndOneWithoutAttributionShowNoPods() {
        Map<AgentPod, AgentAnswer> answers = new LinkedHashMap<>();
        answers.put(AGENT_A, answered(report("node-a", NOW, 11_000, pod("ml", "m-0", 0.9))));
        GpuAgentReport blind = report("node-b", NOW, 0, pod("ml", "m-1", 0.9));
        answers.put(AGENT_B, answered(new GpuAgentReport(blind.node(), blind.sampleTime(), 0, blind.nvml(),
                new AttributionStatus(false, "UNAVAILABLE: connection refused", null), blind.pods(), blind.gpus())));

        AgentReports reports = reports(answers);

        assertThat(reports.pod("ml", "m-0")).isEmpty();
        assertThat(reports.pod("ml", "m-1")).isEmpty();
        assertThat(reports.problems()).satisfiesExactly(
                a -> assertThat(a).contains("agent-a").contains("11000 ms old"),
                b -> assertThat(b).contains("agent-b").contains("did not say which pod holds which GPU"));
    }
}
