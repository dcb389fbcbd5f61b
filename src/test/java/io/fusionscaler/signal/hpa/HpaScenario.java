package io.fusionscaler.signal.hpa;

import io.fusionscaler.target.PodPhase;
import io.fusionscaler.target.Readiness;
import io.fusionscaler.target.TargetPod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fixture of Kubernetes' {@code replica_calculator_test.go}, rebuilt: pods {@code test-pod-<i>} with two containers
 * ({@code container1}, {@code container2}) that each request {@code requests[i]} of the resource, Ready unless told
 * otherwise, Running, started at Go's zero time unless told otherwise; PodMetrics with one usage per container
 * ({@code levels[i][j]}, a pod with fewer levels has a nameless container without usage), timestamp zero, window 1 min.
 */
final class HpaScenario {

    /** The HPA tests' clock: a fixed now, "hot" pods started now, "cool" ones three minutes ago. */
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    static final Instant HOT = NOW;
    static final Instant COOL = NOW.minus(Duration.ofMinutes(3));
    static final Readiness.Status TRUE = Readiness.Status.TRUE;
    static final Readiness.Status FALSE = Readiness.Status.FALSE;

    int currentReplicas;
    String container = "";
    ResourceName resource = ResourceName.CPU;
    List<Long> requestsMilli = List.of();
    long[][] levels = new long[0][];
    List<String> podNames = List.of();
    List<Readiness.Status> readiness = List.of();
    List<Instant> startTimes = List.of();
    List<PodPhase> phases = List.of();
    List<Boolean> deleting = List.of();

    static HpaScenario replicas(int currentReplicas) {
        HpaScenario scenario = new HpaScenario();
        scenario.currentReplicas = currentReplicas;
        return scenario;
    }

    /** {@code n} pods requesting {@code cores} each per container (the Go tests' {@code cpuRequests(n, "1.0")}). */
    HpaScenario requests(int n, double cores) {
        List<Long> milli = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            milli.add(Math.round(cores * 1000));
        }
        requestsMilli = milli;
        return this;
    }

    HpaScenario requestsMilli(Long... milli) {
        requestsMilli = List.of(milli);
        return this;
    }

    /** Every container of pod {@code i} reports {@code perContainer[i]} (the Go tests' {@code makePodMetricLevels}). */
    HpaScenario levels(long... perContainer) {
        levels = Arrays.stream(perContainer).mapToObj(v -> new long[] {v, v}).toArray(long[][]::new);
        return this;
    }

    HpaScenario containerLevels(long[]... perPod) {
        levels = perPod;
        return this;
    }

    /** One value per pod, as a custom (plain) metric reports it: here the memory usage of a single container. */
    HpaScenario plainLevels(long... perPod) {
        levels = Arrays.stream(perPod).mapToObj(v -> new long[] {v}).toArray(long[][]::new);
        resource = ResourceName.MEMORY;
        return this;
    }

    HpaScenario podNames(String... names) {
        podNames = List.of(names);
        return this;
    }

    HpaScenario container(String name) {
        container = name;
        return this;
    }

    HpaScenario readiness(Readiness.Status... statuses) {
        readiness = List.of(statuses);
        return this;
    }

    HpaScenario startTimes(Instant... times) {
        startTimes = List.of(times);
        return this;
    }

    HpaScenario phases(PodPhase... values) {
        phases = List.of(values);
        return this;
    }

    HpaScenario deleting(Boolean... values) {
        deleting = List.of(values);
        return this;
    }

    List<TargetPod> pods() {
        int count = Math.max(currentReplicas, phases.size());
        List<TargetPod> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Readiness.Status status = i < readiness.size() ? readiness.get(i) : TRUE;
            Instant start = startTimes.isEmpty() ? Readiness.NEVER : startTimes.get(i);
            PodPhase phase = phases.isEmpty() ? PodPhase.RUNNING : phases.get(i);
            boolean gone = !deleting.isEmpty() && deleting.get(i);
            Map<String, Long> requests = i < requestsMilli.size() ? Map.of(resource.key(), requestsMilli.get(i)) : Map.of();
            pods.add(new TargetPod("test-namespace", "test-pod-" + i, Map.of("name", "test-pod"), phase, gone,
                    Optional.of(new Readiness(status, Readiness.NEVER)), Optional.of(start), Optional.of("10.0.0." + i),
                    List.of(new TargetPod.Container("container1", requests), new TargetPod.Container("container2", requests)),
                    Map.of()));
        }
        return pods;
    }

    List<PodMetricsSample> samples() {
        List<PodMetricsSample> samples = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            String name = i < podNames.size() ? podNames.get(i) : "test-pod-" + i;
            List<PodMetricsSample.ContainerUsage> containers = new ArrayList<>();
            for (int j = 0; j < 2; j++) {
                containers.add(j < levels[i].length
                        ? new PodMetricsSample.ContainerUsage("container" + (j + 1), Map.of(resource.key(), levels[i][j]))
                        : new PodMetricsSample.ContainerUsage("", Map.of()));
            }
            if (levels[i].length == 1 && resource == ResourceName.MEMORY) {
                containers = containers.subList(0, 1);
            }
            samples.add(new PodMetricsSample(name, Map.of("name", "test-pod"), Readiness.NEVER, Duration.ofMinutes(1), containers));
        }
        return samples;
    }
}
