package io.fusionscaler.signal.hpa;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static io.fusionscaler.signal.hpa.HpaScenario.COOL;
import static io.fusionscaler.signal.hpa.HpaScenario.FALSE;
import static io.fusionscaler.signal.hpa.HpaScenario.HOT;
import static io.fusionscaler.signal.hpa.HpaScenario.NOW;
import static io.fusionscaler.signal.hpa.HpaScenario.TRUE;
import static io.fusionscaler.signal.hpa.HpaScenario.replicas;
import static io.fusionscaler.target.PodPhase.FAILED;
import static io.fusionscaler.target.PodPhase.PENDING;
import static io.fusionscaler.target.PodPhase.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HPA's own scenarios, from Kubernetes' {@code pkg/controller/podautoscaler/replica_calculator_test.go} (each case
 * named by its Go test, or test/subtest), run through {@link ReplicaCalculator} with the Go tests' settings (tolerance
 * 0.1, CPU initialization period 2 min, initial readiness delay 10 s): same replica counts, utilizations and raw
 * values, and a refusal wherever the HPA returns an error.
 */
class ReplicaCalculatorParityTest {

    private static final Duration INIT = Duration.ofMinutes(2);
    private static final Duration DELAY = Duration.ofSeconds(10);

    /** A utilization case; {@code refusal} non-null means the HPA errs with a message of that meaning. */
    record Case(String goTest, HpaScenario scenario, int target, Tolerances tolerances, long replicas, long utilization,
                long raw, String refusal) {
        @Override
        public String toString() {
            return goTest;
        }
    }

    private static Case ok(String goTest, HpaScenario scenario, int target, long replicas, long utilization, long raw) {
        return new Case(goTest, scenario, target, Tolerances.both(0.1), replicas, utilization, raw, null);
    }

    private static Case ok(String goTest, HpaScenario scenario, int target, Tolerances tolerances, long replicas, long utilization,
                           long raw) {
        return new Case(goTest, scenario, target, tolerances, replicas, utilization, raw, null);
    }

    private static Case refused(String goTest, HpaScenario scenario, int target, String refusal) {
        return new Case(goTest, scenario, target, Tolerances.both(0.1), 0, 0, 0, refusal);
    }

    static Stream<Case> utilizationCases() {
        String scale = "TestReplicaCalcResourceScale/";
        return Stream.of(
                ok(scale + "scale up", replicas(3).requests(3, 1.0).levels(300, 500, 700), 30, 5, 50, 2 * 500),
                ok(scale + "scale up: container metric", replicas(3).container("container2").requests(3, 1.0)
                        .containerLevels(new long[] {1000, 300}, new long[] {1000, 500}, new long[] {1000, 700}), 30, 5, 50, 500),
                ok(scale + "scale up: unready pod scales less", replicas(3).readiness(FALSE, TRUE, TRUE).requests(3, 1.0)
                        .levels(300, 500, 700), 30, 4, 60, 2 * 600),
                ok(scale + "scale up: hot-CPU container scales less", replicas(3).startTimes(HOT, COOL, COOL).container("container2")
                        .requests(3, 1.0).containerLevels(new long[] {0, 300}, new long[] {0, 500}, new long[] {0, 700}), 30, 4, 60, 600),
                ok(scale + "scale up: hot-CPU pod scales less", replicas(3).startTimes(HOT, COOL, COOL).requests(3, 1.0)
                        .levels(300, 500, 700), 30, 4, 60, 2 * 600),
                ok(scale + "no scale: unready pods ignored", replicas(3).readiness(TRUE, FALSE, FALSE).requests(3, 1.0)
                        .levels(400, 500, 700), 30, 3, 40, 2 * 400),
                ok(scale + "no scale: hot-CPU pods ignored", replicas(3).readiness(TRUE, FALSE, FALSE).startTimes(COOL, HOT, HOT)
                        .requests(3, 1.0).levels(400, 500, 700), 30, 3, 40, 2 * 400),
                ok(scale + "scale up: failed pods ignored", replicas(2).readiness(TRUE, TRUE, FALSE, FALSE)
                        .phases(RUNNING, RUNNING, FAILED, FAILED).requests(4, 1.0).levels(500, 700), 30, 4, 60, 2 * 600),
                ok(scale + "scale up: failed pods ignored with missing container metric", replicas(2).readiness(TRUE, TRUE, FALSE, FALSE)
                        .phases(RUNNING, RUNNING, FAILED, FAILED).container("container2").requests(4, 1.0)
                        .containerLevels(new long[] {1000, 500}, new long[] {9000, 700}, new long[] {1000}, new long[] {9000}), 30, 4, 60, 600),
                ok(scale + "scale up: container metrics with failed pods ignored", replicas(2).readiness(TRUE, TRUE, FALSE, FALSE)
                        .phases(RUNNING, RUNNING, FAILED, FAILED).container("container2").requests(4, 1.0)
                        .containerLevels(new long[] {1000, 500}, new long[] {9000, 700}), 30, 4, 60, 600),
                ok(scale + "scale up: pods being deleted are ignored", replicas(2).readiness(TRUE, TRUE, FALSE, FALSE)
                        .phases(RUNNING, RUNNING, RUNNING, RUNNING).deleting(false, false, true, true).requests(4, 1.0)
                        .levels(500, 700), 30, 4, 60, 2 * 600),
                ok(scale + "scale up: container metrics with pods being deleted ignored", replicas(2).readiness(TRUE, TRUE, FALSE, FALSE)
                        .phases(RUNNING, RUNNING, RUNNING, RUNNING).deleting(false, false, true, true).container("container1")
                        .requests(4, 1.0).levels(500, 700), 30, 4, 60, 600),
                ok(scale + "scale down", replicas(5).requests(5, 1.0).levels(100, 300, 500, 250, 250), 50, 3, 28, 2 * 280),
                ok(scale + "scale down: container metric", replicas(5).container("container2").requests(5, 1.0)
                        .containerLevels(new long[] {1000, 100}, new long[] {1000, 300}, new long[] {1000, 500}, new long[] {1000, 250},
                                new long[] {1000, 250}), 50, 3, 28, 280),
                ok(scale + "scale down: exclude unready pods", replicas(5).readiness(TRUE, TRUE, TRUE, FALSE, FALSE).requests(5, 1.0)
                        .levels(100, 300, 500, 250, 250), 50, 2, 30, 2 * 300),
                ok(scale + "scale down: container metric excludes unready pods", replicas(5).readiness(TRUE, TRUE, TRUE, FALSE, FALSE)
                        .container("container2").requests(5, 1.0).containerLevels(new long[] {1000, 100}, new long[] {1000, 300},
                                new long[] {1000, 500}, new long[] {1000, 250}, new long[] {1000, 250}), 50, 2, 30, 300),
                ok(scale + "scale down: exclude unscheduled pods", replicas(5).readiness(TRUE, FALSE, FALSE, FALSE, FALSE)
                        .phases(RUNNING, PENDING, PENDING, PENDING, PENDING).requests(5, 1.0).levels(100), 50, 1, 10, 2 * 100),
                ok(scale + "scale down: container metric excludes unscheduled pods", replicas(5).readiness(TRUE, FALSE, FALSE, FALSE, FALSE)
                        .phases(RUNNING, PENDING, PENDING, PENDING, PENDING).container("container2").requests(5, 1.0)
                        .containerLevels(new long[] {1000, 100}, new long[] {1000, 300}, new long[] {1000, 500}, new long[] {1000, 250},
                                new long[] {1000, 250}), 50, 1, 10, 100),
                ok(scale + "scale down: ignore hot-CPU pods", replicas(5).startTimes(COOL, COOL, COOL, HOT, HOT).requests(5, 1.0)
                        .levels(100, 300, 500, 250, 250), 50, 2, 30, 2 * 300),
                ok(scale + "scale down: container metric ignores hot-CPU pods", replicas(5).startTimes(COOL, COOL, COOL, HOT, HOT)
                        .container("container2").requests(5, 1.0).containerLevels(new long[] {1000, 100}, new long[] {1000, 300},
                                new long[] {1000, 500}, new long[] {1000, 1000}, new long[] {1000, 1000}), 50, 2, 30, 300),
                ok(scale + "scale down: failed pods ignored", replicas(5).readiness(TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE)
                        .phases(RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, FAILED, FAILED).requests(7, 1.0)
                        .levels(100, 300, 500, 250, 250), 50, 3, 28, 2 * 280),
                ok(scale + "scale down: container metric with failed pods ignored", replicas(5)
                        .readiness(TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE).phases(RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, FAILED, FAILED)
                        .container("container2").requests(7, 1.0).containerLevels(new long[] {1000, 100}, new long[] {1000, 300},
                                new long[] {1000, 500}, new long[] {1000, 250}, new long[] {1000, 250}), 50, 3, 28, 280),
                ok(scale + "scale down: pods being deleted are ignored", replicas(5).readiness(TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE)
                        .phases(RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING)
                        .deleting(false, false, false, false, false, true, true).requests(7, 1.0).levels(100, 300, 500, 250, 250),
                        50, 3, 28, 2 * 280),
                ok(scale + "scale down: still-running pods being deleted are ignored", replicas(5)
                        .readiness(TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE).phases(RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING)
                        .deleting(false, false, false, false, false, true, true).container("container2").requests(7, 1.0)
                        .containerLevels(new long[] {1000, 100}, new long[] {1000, 300}, new long[] {1000, 500}, new long[] {1000, 250},
                                new long[] {1000, 250}), 50, 3, 28, 280),
                refused("TestReplicaCalcDisjointResourcesMetrics", replicas(1).requests(1, 1.0).levels(100).podNames("an-older-pod-name"),
                        100, "no metrics matched the target's pods"),
                ok("TestReplicaCalcTolerance", replicas(3).requestsMilli(900L, 1000L, 1100L).levels(1010, 1030, 1020), 100, 3, 102, 2 * 1020),
                ok("TestReplicaCalcConfigurableTolerance/Outside of a 0% tolerance", replicas(3).requestsMilli(900L, 1000L, 1100L)
                        .levels(909, 1010, 1111), 100, new Tolerances(0, 0), 4, 101, 2 * 1010),
                ok("TestReplicaCalcConfigurableTolerance/Within a 200% scale-up tolerance", replicas(3).requestsMilli(900L, 1000L, 1100L)
                        .levels(1890, 1910, 1900), 100, new Tolerances(0.1, 2), 3, 190, 2 * 1900),
                ok("TestReplicaCalcConfigurableTolerance/Outside 8% scale-up tolerance (and superfuous scale-down tolerance)",
                        replicas(3).requestsMilli(900L, 1000L, 1100L).levels(1100, 1080, 1090), 100, new Tolerances(2, 0.08), 4, 109, 2 * 1090),
                ok("TestReplicaCalcConfigurableTolerance/Within a 36% scale-down tolerance", replicas(3).requestsMilli(900L, 1000L, 1100L)
                        .levels(660, 640, 650), 100, new Tolerances(0.36, 0.1), 3, 65, 2 * 650),
                ok("TestReplicaCalcConfigurableTolerance/Outside a 34% scale-down tolerance", replicas(3).requestsMilli(900L, 1000L, 1100L)
                        .levels(660, 640, 650), 100, new Tolerances(0.34, 0.1), 2, 65, 2 * 650),
                ok("TestReplicaCalcSuperfluousMetrics", replicas(4).requests(4, 1.0).levels(4000, 9500, 3000, 7000, 3200, 2000),
                        100, 24, 587, 2 * 5875),
                ok("TestReplicaCalcMissingMetrics", replicas(4).requests(4, 1.0).levels(400, 95), 100, 3, 24, 495),
                refused("TestReplicaCalcEmptyMetrics", replicas(4).requests(3, 1.0).levels(), 100, "returned no PodMetrics"),
                refused("TestReplicaCalcEmptyCPURequest", replicas(1).levels(200), 100, "container container1 of pod test-pod-0 has no cpu request"),
                ok("TestReplicaCalcMissingMetricsNoChangeEq", replicas(2).requests(2, 1.0).levels(1000), 100, 2, 100, 2 * 1000),
                ok("TestReplicaCalcMissingMetricsNoChangeGt", replicas(2).requests(2, 1.0).levels(1900), 100, 2, 190, 2 * 1900),
                ok("TestReplicaCalcMissingMetricsNoChangeLt", replicas(2).requests(2, 1.0).levels(600), 100, 2, 60, 2 * 600),
                ok("TestReplicaCalcMissingMetricsUnreadyChange", replicas(3).readiness(FALSE, TRUE, TRUE).requests(3, 1.0).levels(100, 450),
                        50, 3, 45, 2 * 450),
                ok("TestReplicaCalcMissingMetricsHotCpuNoChange", replicas(3).startTimes(HOT, COOL, COOL).requests(3, 1.0).levels(100, 450),
                        50, 3, 45, 2 * 450),
                ok("TestReplicaCalcMissingMetricsUnreadyScaleUp", replicas(3).readiness(FALSE, TRUE, TRUE).requests(3, 1.0)
                        .levels(100, 2000), 50, 4, 200, 2 * 2000),
                ok("TestReplicaCalcMissingMetricsHotCpuScaleUp", replicas(3).readiness(FALSE, TRUE, TRUE).startTimes(HOT, COOL, COOL)
                        .requests(3, 1.0).levels(100, 2000), 50, 4, 200, 2 * 2000),
                ok("TestReplicaCalcMissingMetricsUnreadyScaleDown", replicas(4).readiness(FALSE, TRUE, TRUE, TRUE).requests(4, 1.0)
                        .levels(100, 100, 100), 50, 3, 10, 2 * 100),
                ok("TestReplicaCalcMissingMetricsScaleDownTargetOver100", replicas(4).readiness(FALSE, TRUE, TRUE, TRUE)
                        .requestsMilli(1000L, 1000L, 2000L, 2000L).levels(200, 100, 100), 300, 2, 6, 2 * 100),
                ok("TestReplicaCalcDuringRollingUpdateWithMaxSurge", replicas(2).phases(RUNNING, RUNNING, RUNNING).requests(3, 1.0)
                        .levels(100, 100), 50, 2, 10, 2 * 100),
                ok("TestReplicaCalcComputedToleranceAlgImplementation (minimal scale-down)", computedTolerance(), 56, 9, 50, 2 * 150),
                ok("TestReplicaCalcComputedToleranceAlgImplementation (within the margin)", computedTolerance(), 55, 10, 50, 2 * 150));
    }

    /** Ten pods using 150m per container against requests spread around 300m (the Go test's fixture). */
    private static HpaScenario computedTolerance() {
        return replicas(10).requestsMilli(400L, 200L, 310L, 290L, 302L, 298L, 301L, 299L, 300L, 300L)
                .levels(150, 150, 150, 150, 150, 150, 150, 150, 150, 150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("utilizationCases")
    void utilizationTargetsScaleAsTheHpaDoes(Case c) {
        ReplicaCalculator calculator = new ReplicaCalculator(c.tolerances(), INIT, DELAY);

        Replicas result = calculator.utilization(c.scenario().currentReplicas, c.target(), ResourceName.CPU, c.scenario().container,
                c.scenario().pods(), c.scenario().samples(), NOW);

        if (c.refusal() != null) {
            assertThat(result).isInstanceOfSatisfying(Replicas.Refused.class, r -> assertThat(r.reason()).contains(c.refusal()));
            return;
        }
        assertThat(result).isInstanceOfSatisfying(Replicas.Calculated.class, r -> {
            assertThat(r.replicas()).as("replicas").isEqualTo(c.replicas());
            assertThat(r.usage()).as("utilization").isEqualTo(c.utilization());
            assertThat(r.rawAverage()).as("raw value").isEqualTo(c.raw());
        });
    }

    /** A plain (average value) case: the Go tests' per-pod custom metric, here as memory per pod. */
    record PlainCase(String goTest, HpaScenario scenario, long target, Tolerances tolerances, long replicas, long usage) {
        @Override
        public String toString() {
            return goTest;
        }
    }

    static Stream<PlainCase> averageValueCases() {
        Tolerances tenPercent = Tolerances.both(0.1);
        return Stream.of(
                new PlainCase("TestReplicaCalcScaleUpCM", replicas(3).plainLevels(20000, 10000, 30000), 15000, tenPercent, 4, 20000),
                new PlainCase("TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale", replicas(3).readiness(TRUE, TRUE, FALSE)
                        .startTimes(COOL, COOL, HOT).plainLevels(50000, 10000, 30000), 15000, tenPercent, 6, 30000),
                new PlainCase("TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown", replicas(3).readiness(FALSE, TRUE, FALSE)
                        .startTimes(HOT, COOL, HOT).plainLevels(50000, 15000, 30000), 15000, tenPercent, 7, 31666),
                new PlainCase("TestReplicaCalcScaleDownCM", replicas(5).plainLevels(12000, 12000, 12000, 12000, 12000), 20000, tenPercent,
                        3, 12000),
                new PlainCase("TestReplicaCalcToleranceCM", replicas(3).plainLevels(20000, 21000, 21000), 20000, tenPercent, 3, 20666),
                new PlainCase("TestReplicaCalcConfigurableToleranceCM", replicas(3).plainLevels(20000, 21000, 21000), 20000,
                        new Tolerances(0.1, 0.01), 4, 20666),
                new PlainCase("TestPlainMetricReplicaCalcMissingMetricsNoChangeEq", replicas(5).plainLevels(20000, 19000, 21000), 20000,
                        tenPercent, 5, 20000),
                new PlainCase("TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM", replicas(2).phases(RUNNING, RUNNING, RUNNING)
                        .plainLevels(10000, 10000), 17000, tenPercent, 2, 10000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("averageValueCases")
    void averageValueTargetsScaleAsTheHpaDoes(PlainCase c) {
        ReplicaCalculator calculator = new ReplicaCalculator(c.tolerances(), INIT, DELAY);

        Replicas result = calculator.averageValue(c.scenario().currentReplicas, c.target(), ResourceName.MEMORY, "",
                c.scenario().pods(), c.scenario().samples(), NOW);

        assertThat(result).isInstanceOfSatisfying(Replicas.Calculated.class, r -> {
            assertThat(r.replicas()).as("replicas").isEqualTo(c.replicas());
            assertThat(r.usage()).as("usage").isEqualTo(c.usage());
        });
    }

}
