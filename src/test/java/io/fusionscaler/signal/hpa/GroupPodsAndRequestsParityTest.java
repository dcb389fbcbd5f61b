package io.fusionscaler.signal.hpa;

import io.fusionscaler.target.PodPhase;
import io.fusionscaler.target.Readiness;
import io.fusionscaler.target.TargetPod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pod sorting and the request arithmetic of the HPA, case by case from Kubernetes' {@code replica_calculator_test.go}
 * ({@code TestGroupPods/<name>}, {@code TestCalculateRequests/<name>}), with the Go tests' settings (CPU initialization
 * period 2 min, initial readiness delay 10 s).
 */
class GroupPodsAndRequestsParityTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final ReplicaCalculator CALCULATOR = new ReplicaCalculator(Tolerances.both(0.1), Duration.ofMinutes(2),
            Duration.ofSeconds(10));

    record GroupCase(String goSubtest, List<TargetPod> pods, Map<String, PodUsage> metrics, ResourceName resource, int ready,
                     Set<String> unready, Set<String> missing, Set<String> ignored) {
        @Override
        public String toString() {
            return "TestGroupPods/" + goSubtest;
        }
    }

    private static TargetPod pod(String name, PodPhase phase, Instant start, Readiness readiness, boolean deleting) {
        return new TargetPod("ns", name, Map.of(), phase, deleting, Optional.ofNullable(readiness), Optional.ofNullable(start),
                Optional.empty(), List.of(), Map.of());
    }

    private static Readiness ready(boolean ready, Instant at) {
        return new Readiness(ready ? Readiness.Status.TRUE : Readiness.Status.FALSE, at);
    }

    private static PodUsage usage(Instant timestamp, Duration window) {
        return new PodUsage(1, timestamp, window);
    }

    private static final PodUsage ZERO_SAMPLE = usage(Readiness.NEVER, Duration.ZERO);

    private static Instant ago(Duration duration) {
        return NOW.minus(duration);
    }

    static Stream<GroupCase> groupCases() {
        PodPhase succeeded = PodPhase.SUCCEEDED;
        return Stream.of(
                new GroupCase("void", List.of(), Map.of(), ResourceName.CPU, 0, Set.of(), Set.of(), Set.of()),
                new GroupCase("count in a ready pod - memory", List.of(pod("bentham", succeeded, null, null, false)),
                        Map.of("bentham", usage(NOW, Duration.ofMinutes(1))), ResourceName.MEMORY, 1, Set.of(), Set.of(), Set.of()),
                new GroupCase("unready a pod without ready condition - CPU", List.of(pod("lucretius", succeeded, NOW, null, false)),
                        Map.of("lucretius", ZERO_SAMPLE), ResourceName.CPU, 0, Set.of("lucretius"), Set.of(), Set.of()),
                new GroupCase("count in a ready pod with fresh metrics during initialization period - CPU",
                        List.of(pod("bentham", succeeded, ago(Duration.ofMinutes(1)), ready(true, ago(Duration.ofSeconds(30))), false)),
                        Map.of("bentham", usage(NOW, Duration.ofSeconds(30))), ResourceName.CPU, 1, Set.of(), Set.of(), Set.of()),
                new GroupCase("unready a ready pod without fresh metrics during initialization period - CPU",
                        List.of(pod("bentham", succeeded, ago(Duration.ofMinutes(1)), ready(true, ago(Duration.ofSeconds(30))), false)),
                        Map.of("bentham", usage(NOW, Duration.ofSeconds(60))), ResourceName.CPU, 0, Set.of("bentham"), Set.of(), Set.of()),
                new GroupCase("unready an unready pod during initialization period - CPU",
                        List.of(pod("lucretius", succeeded, ago(Duration.ofMinutes(10)), ready(false, ago(Duration.ofSeconds(594))), false)),
                        Map.of("lucretius", ZERO_SAMPLE), ResourceName.CPU, 0, Set.of("lucretius"), Set.of(), Set.of()),
                new GroupCase("count in a ready pod without fresh metrics after initialization period - CPU",
                        List.of(pod("bentham", succeeded, ago(Duration.ofMinutes(3)), ready(true, ago(Duration.ofMinutes(3))), false)),
                        Map.of("bentham", usage(ago(Duration.ofMinutes(2)), Duration.ofMinutes(1))), ResourceName.CPU, 1, Set.of(), Set.of(),
                        Set.of()),
                new GroupCase("count in an unready pod that was ready after initialization period - CPU",
                        List.of(pod("lucretius", succeeded, ago(Duration.ofMinutes(10)), ready(false, ago(Duration.ofMinutes(9))), false)),
                        Map.of("lucretius", ZERO_SAMPLE), ResourceName.CPU, 1, Set.of(), Set.of(), Set.of()),
                new GroupCase("unready pod that has never been ready after initialization period - CPU",
                        List.of(pod("lucretius", succeeded, ago(Duration.ofMinutes(10)), ready(false, ago(Duration.ofSeconds(590))), false)),
                        Map.of("lucretius", ZERO_SAMPLE), ResourceName.CPU, 1, Set.of(), Set.of(), Set.of()),
                new GroupCase("a missing pod", List.of(pod("epicurus", succeeded, ago(Duration.ofMinutes(3)), null, false)), Map.of(),
                        ResourceName.CPU, 0, Set.of(), Set.of("epicurus"), Set.of()),
                new GroupCase("several pods", List.of(pod("lucretius", succeeded, NOW, null, false),
                        pod("niccolo", succeeded, ago(Duration.ofMinutes(3)), ready(true, ago(Duration.ofMinutes(3))), false),
                        pod("epicurus", succeeded, ago(Duration.ofMinutes(3)), null, false)),
                        Map.of("lucretius", ZERO_SAMPLE, "niccolo", ZERO_SAMPLE), ResourceName.CPU, 1, Set.of("lucretius"),
                        Set.of("epicurus"), Set.of()),
                new GroupCase("pending pods are unreadied", List.of(pod("unscheduled", PodPhase.PENDING, null, null, false)), Map.of(),
                        ResourceName.CPU, 0, Set.of("unscheduled"), Set.of(), Set.of()),
                new GroupCase("ignore pods with deletion timestamps", List.of(pod("deleted", PodPhase.PENDING, null, null, true)),
                        Map.of("deleted", ZERO_SAMPLE), ResourceName.CPU, 0, Set.of(), Set.of(), Set.of("deleted")),
                new GroupCase("ignore pods in a failed state", List.of(pod("failed", PodPhase.FAILED, null, null, false)),
                        Map.of("failed", ZERO_SAMPLE), ResourceName.CPU, 0, Set.of(), Set.of(), Set.of("failed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groupCases")
    void sortsPodsAsTheHpaDoes(GroupCase c) {
        PodGroups groups = CALCULATOR.groupPods(c.pods(), c.metrics(), c.resource(), NOW);

        assertThat(groups).isEqualTo(new PodGroups(c.ready(), c.unready(), c.missing(), c.ignored()));
    }

    private static TargetPod requesting(Map<String, Long> podLevel, TargetPod.Container... containers) {
        return new TargetPod("ns", "test-pod", Map.of(), PodPhase.RUNNING, false, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(containers), podLevel);
    }

    private static TargetPod.Container cpu(String name, long milli) {
        return new TargetPod.Container(name, Map.of("cpu", milli));
    }

    private static Map<String, Long> requests(TargetPod pod, String container) {
        Map<String, Long> out = new HashMap<>();
        assertThat(ReplicaCalculator.requests(List.of(pod), container, ResourceName.CPU, out)).isEmpty();
        return out;
    }

    @Test
    void sumsContainerRequests() {
        // TestCalculateRequests/Sum container requests if pod-level feature is disabled (and: pod-level resources are
        // enabled, but not set)
        assertThat(requests(requesting(Map.of(), cpu("container1", 100), cpu("container2", 50)), "")).containsEntry("test-pod", 150L);
    }

    @Test
    void podLevelRequestsOverrideContainerRequestsUnlessAContainerIsNamed() {
        // TestCalculateRequests/Pod-level resources override container requests when feature enabled and pod resources specified
        TargetPod pod = requesting(Map.of("cpu", 800L), cpu("container1", 100), cpu("container2", 50));
        assertThat(requests(pod, "")).containsEntry("test-pod", 800L);
        // TestCalculateRequests/Pod-level resources override missing container requests when feature enabled and pod resources specified
        assertThat(requests(requesting(Map.of("cpu", 800L), new TargetPod.Container("container1", Map.of()), cpu("container2", 50)), ""))
                .containsEntry("test-pod", 800L);
        // TestCalculateRequests/Container: if a container name is specified, calculate requests only for that container
        // (and: ... and ignore pod-level requests)
        assertThat(requests(pod, "container1")).containsEntry("test-pod", 100L);
    }

    @Test
    void aContainerWithoutARequestIsARefusalNamingPodAndContainer() {
        // TestCalculateRequests/Fail if at least one of the containers is missing requests and pod-level feature/requests are not set
        TargetPod pod = requesting(Map.of(), new TargetPod.Container("container1", Map.of()), cpu("container2", 50));
        assertThat(ReplicaCalculator.requests(List.of(pod), "", ResourceName.CPU, new HashMap<>()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("container container1 of pod test-pod has no cpu request"));
        // TestCalculatePodRequestsFromContainers_NonExistentContainer
        assertThat(ReplicaCalculator.requests(List.of(requesting(Map.of(), cpu("container1", 100))), "non-existent-container",
                ResourceName.CPU, new HashMap<>())).hasValueSatisfying(reason -> assertThat(reason)
                .isEqualTo("pod test-pod has no container non-existent-container"));
    }
}
