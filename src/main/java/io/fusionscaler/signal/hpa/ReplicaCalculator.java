package io.fusionscaler.signal.hpa;

import io.fusionscaler.target.PodPhase;
import io.fusionscaler.target.Readiness;
import io.fusionscaler.target.TargetPod;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HorizontalPodAutoscaler's Resource-metric arithmetic (Kubernetes {@code pkg/controller/podautoscaler},
 * {@code replica_calculator.go} and its metrics client), step by step and without Kubernetes types, so that it is tested
 * in milliseconds against the HPA's own scenarios ({@code ReplicaCalculatorParityTest}).
 *
 * <p>Where the HPA returns an error, the answer is {@link Replicas.Refused}, except when the target simply has nothing
 * to measure yet (no pods, or only pending or not-ready ones): that is {@link Replicas.NothingToMeasure}, so that a
 * workload that is starting up is left out of a fused decision rather than failing it.
 */
public final class ReplicaCalculator {

    private static final int SHOWN_PODS = 5;

    private final Tolerances tolerances;
    private final Duration cpuInitializationPeriod;
    private final Duration initialReadinessDelay;

    /**
     * @param cpuInitializationPeriod the HPA's {@code --horizontal-pod-autoscaler-cpu-initialization-period} (5 min)
     * @param initialReadinessDelay   its {@code --horizontal-pod-autoscaler-initial-readiness-delay} (30 s)
     */
    public ReplicaCalculator(Tolerances tolerances, Duration cpuInitializationPeriod, Duration initialReadinessDelay) {
        this.tolerances = tolerances;
        this.cpuInitializationPeriod = cpuInitializationPeriod;
        this.initialReadinessDelay = initialReadinessDelay;
    }

    /**
     * A target utilization in percent of the pods' requests (the HPA's {@code GetResourceReplicas}).
     *
     * @param currentReplicas   the target's {@code spec.replicas}
     * @param container         one container's usage and request only; empty for the whole pod
     * @param pods              every pod the target's selector matches
     * @param samples           the PodMetrics of those pods (entries of other pods are tolerated, as by the HPA)
     */
    public Replicas utilization(int currentReplicas, int targetUtilization, ResourceName resource, String container,
                                List<TargetPod> pods, List<PodMetricsSample> samples, Instant now) {
        Optional<Replicas> nothing = nothingToMeasure(pods, samples);
        if (nothing.isPresent()) {
            return nothing.get();
        }
        Map<String, PodUsage> metrics = usage(samples, resource, container);
        PodGroups groups = groupPods(pods, metrics, resource, now);
        metrics.keySet().removeAll(groups.ignored());
        metrics.keySet().removeAll(groups.unready());
        if (metrics.isEmpty()) {
            return noMetricsLeft(pods, groups);
        }
        Map<String, Long> requests = new HashMap<>();
        Optional<String> requestProblem = requests(pods, container, resource, requests);
        if (requestProblem.isPresent()) {
            return new Replicas.Refused(requestProblem.get());
        }
        Instant observedAt = oldest(metrics);
        Ratio ratio = utilizationRatio(metrics, requests, targetUtilization);
        if (ratio == null) {
            return new Replicas.Refused("no metrics matched the target's pods (metrics only for other pods: "
                    + shown(metrics.keySet()) + ")");
        }
        double usageRatio = ratio.ratio();
        boolean scaleUpWithUnready = !groups.unready().isEmpty() && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.missing().isEmpty()) {
            long replicas = tolerances.within(usageRatio) ? currentReplicas : ceil(usageRatio * groups.ready());
            return new Replicas.Calculated(replicas, ratio.usage(), ratio.rawAverage(), observedAt, groups);
        }
        if (usageRatio < 1.0) {
            // on a scale-down, a pod without metrics counts as using its whole request (or the target, above 100 %)
            long fallback = Math.max(100, targetUtilization);
            groups.missing().forEach(pod -> metrics.put(pod, new PodUsage(requests.get(pod) * fallback / 100, observedAt, Duration.ZERO)));
        } else if (usageRatio > 1.0) {
            groups.missing().forEach(pod -> metrics.put(pod, new PodUsage(0, observedAt, Duration.ZERO)));
        }
        if (scaleUpWithUnready) {
            groups.unready().forEach(pod -> metrics.put(pod, new PodUsage(0, observedAt, Duration.ZERO)));
        }
        double newUsageRatio = utilizationRatio(metrics, requests, targetUtilization).ratio();
        long replicas = rebalanced(currentReplicas, usageRatio, newUsageRatio, metrics.size());
        return new Replicas.Calculated(replicas, ratio.usage(), ratio.rawAverage(), observedAt, groups);
    }

    /**
     * A target average usage per pod, in thousandths (the HPA's {@code GetRawResourceReplicas}, an {@code AverageValue}
     * Resource target).
     */
    public Replicas averageValue(int currentReplicas, long targetMilli, ResourceName resource, String container,
                                 List<TargetPod> pods, List<PodMetricsSample> samples, Instant now) {
        Optional<Replicas> nothing = nothingToMeasure(pods, samples);
        if (nothing.isPresent()) {
            return nothing.get();
        }
        Map<String, PodUsage> metrics = usage(samples, resource, container);
        PodGroups groups = groupPods(pods, metrics, resource, now);
        metrics.keySet().removeAll(groups.ignored());
        metrics.keySet().removeAll(groups.unready());
        if (metrics.isEmpty()) {
            return noMetricsLeft(pods, groups);
        }
        Instant observedAt = oldest(metrics);
        long usage = average(metrics);
        double usageRatio = (double) usage / targetMilli;
        boolean scaleUpWithUnready = !groups.unready().isEmpty() && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.missing().isEmpty()) {
            long replicas = tolerances.within(usageRatio) ? currentReplicas : ceil(usageRatio * groups.ready());
            return new Replicas.Calculated(replicas, usage, usage, observedAt, groups);
        }
        if (usageRatio < 1.0) {
            // on a scale-down, a pod without metrics counts as using exactly the target
            groups.missing().forEach(pod -> metrics.put(pod, new PodUsage(targetMilli, observedAt, Duration.ZERO)));
        } else if (usageRatio > 1.0) {
            groups.missing().forEach(pod -> metrics.put(pod, new PodUsage(0, observedAt, Duration.ZERO)));
        }
        if (scaleUpWithUnready) {
            groups.unready().forEach(pod -> metrics.put(pod, new PodUsage(0, observedAt, Duration.ZERO)));
        }
        double newUsageRatio = (double) average(metrics) / targetMilli;
        long replicas = rebalanced(currentReplicas, usageRatio, newUsageRatio, metrics.size());
        return new Replicas.Calculated(replicas, usage, usage, observedAt, groups);
    }

    /** The HPA's {@code groupPods}: which pods count, which are held back, missing or ignored. */
    PodGroups groupPods(List<TargetPod> pods, Map<String, PodUsage> metrics, ResourceName resource, Instant now) {
        int ready = 0;
        Set<String> unready = new HashSet<>();
        Set<String> missing = new HashSet<>();
        Set<String> ignored = new HashSet<>();
        for (TargetPod pod : pods) {
            if (pod.deleting() || pod.phase() == PodPhase.FAILED) {
                ignored.add(pod.name());
                continue;
            }
            if (pod.phase() == PodPhase.PENDING) {
                unready.add(pod.name());
                continue;
            }
            PodUsage metric = metrics.get(pod.name());
            if (metric == null) {
                missing.add(pod.name());
                continue;
            }
            if (resource.checksReadiness() && heldBack(pod, metric, now)) {
                unready.add(pod.name());
                continue;
            }
            ready++;
        }
        return new PodGroups(ready, unready, missing, ignored);
    }

    /**
     * CPU samples of a starting pod are skewed by start-up work: within the initialization period a pod counts only
     * when ready and sampled for a whole window since it became ready; later, only a pod that never became ready
     * (its readiness last changed within the initial readiness delay after start) is held back.
     */
    private boolean heldBack(TargetPod pod, PodUsage metric, Instant now) {
        if (pod.readiness().isEmpty() || pod.startTime().isEmpty()) {
            return true;
        }
        Readiness readiness = pod.readiness().get();
        Instant start = pod.startTime().get();
        boolean notReady = readiness.status() == Readiness.Status.FALSE;
        if (start.plus(cpuInitializationPeriod).isAfter(now)) {
            return notReady || metric.timestamp().isBefore(readiness.lastTransition().plus(metric.window()));
        }
        return notReady && start.plus(initialReadinessDelay).isAfter(readiness.lastTransition());
    }

    /** The metrics client: a pod's usage is the sum over its containers, or one container's; a gap makes it missing. */
    private static Map<String, PodUsage> usage(List<PodMetricsSample> samples, ResourceName resource, String container) {
        Map<String, PodUsage> usage = new HashMap<>();
        for (PodMetricsSample sample : samples) {
            if (container.isEmpty()) {
                podSum(sample, resource).ifPresent(sum -> usage.put(sample.pod(), new PodUsage(sum, sample.timestamp(), sample.window())));
            } else {
                sample.containers().stream().filter(c -> c.name().equals(container)).findFirst()
                        .map(c -> c.usageMilli().get(resource.key()))
                        .ifPresent(value -> usage.put(sample.pod(), new PodUsage(value, sample.timestamp(), sample.window())));
            }
        }
        return usage;
    }

    private static Optional<Long> podSum(PodMetricsSample sample, ResourceName resource) {
        if (sample.containers().isEmpty()) {
            return Optional.empty();
        }
        long sum = 0;
        for (PodMetricsSample.ContainerUsage container : sample.containers()) {
            Long value = container.usageMilli().get(resource.key());
            if (value == null) {
                return Optional.empty();
            }
            sum += value;
        }
        return Optional.of(sum);
    }

    /**
     * The HPA's requests: per pod, the named container's request, or the pod-level request when set, or the sum of
     * its containers' (restartable init containers included). Any container without one is a refusal, as in the HPA.
     */
    static Optional<String> requests(List<TargetPod> pods, String container, ResourceName resource, Map<String, Long> out) {
        for (TargetPod pod : pods) {
            Long podLevel = pod.podRequestsMilli().get(resource.key());
            boolean podLevelSet = pod.podRequestsMilli().containsKey("cpu") || pod.podRequestsMilli().containsKey("memory");
            if (container.isEmpty() && podLevelSet) {
                Long request = podLevel != null ? podLevel : containersSum(pod, resource);
                if (request == null) {
                    return Optional.of("pod " + pod.name() + " has no " + resource.key() + " request (pod-level or per container)");
                }
                out.put(pod.name(), request);
                continue;
            }
            long request = 0;
            boolean found = container.isEmpty();
            for (TargetPod.Container c : pod.containers()) {
                if (!container.isEmpty() && !container.equals(c.name())) {
                    continue;
                }
                Long value = c.requestsMilli().get(resource.key());
                if (value == null) {
                    return Optional.of("container " + c.name() + " of pod " + pod.name() + " has no " + resource.key()
                            + " request; utilization is a share of the request (set resources.requests." + resource.key() + ")");
                }
                request += value;
                found = true;
            }
            if (!found) {
                return Optional.of("pod " + pod.name() + " has no container " + container);
            }
            out.put(pod.name(), request);
        }
        return Optional.empty();
    }

    private static Long containersSum(TargetPod pod, ResourceName resource) {
        Long sum = null;
        for (TargetPod.Container c : pod.containers()) {
            Long value = c.requestsMilli().get(resource.key());
            if (value != null) {
                sum = (sum == null ? 0 : sum) + value;
            }
        }
        return sum;
    }

    private record Ratio(double ratio, long usage, long rawAverage) {
    }

    /** The HPA's {@code GetResourceUtilizationRatio}; null when no metric belongs to a pod with a request. */
    private static Ratio utilizationRatio(Map<String, PodUsage> metrics, Map<String, Long> requests, int targetUtilization) {
        BigInteger metricsTotal = BigInteger.ZERO;
        BigInteger requestsTotal = BigInteger.ZERO;
        long entries = 0;
        for (Map.Entry<String, PodUsage> metric : metrics.entrySet()) {
            Long request = requests.get(metric.getKey());
            if (request == null) {
                continue;
            }
            metricsTotal = metricsTotal.add(BigInteger.valueOf(metric.getValue().milli()));
            requestsTotal = requestsTotal.add(BigInteger.valueOf(request));
            entries++;
        }
        if (requestsTotal.signum() == 0) {
            return null;
        }
        long utilization = clampInt(metricsTotal.multiply(BigInteger.valueOf(100)).divide(requestsTotal));
        long rawAverage = metricsTotal.divide(BigInteger.valueOf(entries)).longValue();
        return new Ratio((double) utilization / targetUtilization, utilization, rawAverage);
    }

    /** The HPA's {@code GetMetricUsageRatio} average: integer division, as in Go. */
    private static long average(Map<String, PodUsage> metrics) {
        BigInteger total = BigInteger.ZERO;
        for (PodUsage usage : metrics.values()) {
            total = total.add(BigInteger.valueOf(usage.milli()));
        }
        return total.divide(BigInteger.valueOf(metrics.size())).longValue();
    }

    /** With missing or unready pods filled in: keep the current count unless the direction and size of a change agree. */
    private long rebalanced(int currentReplicas, double usageRatio, double newUsageRatio, int podsWithMetrics) {
        if (tolerances.within(newUsageRatio) || usageRatio < 1.0 && newUsageRatio > 1.0 || usageRatio > 1.0 && newUsageRatio < 1.0) {
            return currentReplicas;
        }
        long replicas = ceil(newUsageRatio * podsWithMetrics);
        if (newUsageRatio < 1.0 && replicas > currentReplicas || newUsageRatio > 1.0 && replicas < currentReplicas) {
            return currentReplicas;
        }
        return replicas;
    }

    /** Nothing to measure at all: no pods, or no PodMetrics while no pod is ready yet. */
    private static Optional<Replicas> nothingToMeasure(List<TargetPod> pods, List<PodMetricsSample> samples) {
        if (pods.isEmpty()) {
            return Optional.of(new Replicas.NothingToMeasure("no pods match the target's selector yet"));
        }
        if (samples.isEmpty()) {
            if (noneReady(pods)) {
                return Optional.of(new Replicas.NothingToMeasure("no pod is ready yet (" + pods.size() + " starting)"));
            }
            return Optional.of(new Replicas.Refused("the resource metrics API returned no PodMetrics for the target's "
                    + pods.size() + " pods (is metrics-server running?)"));
        }
        return Optional.empty();
    }

    private static Replicas noMetricsLeft(List<TargetPod> pods, PodGroups groups) {
        if (noneReady(pods)) {
            return new Replicas.NothingToMeasure("no pod is ready yet (" + groups.counted() + " starting)");
        }
        return new Replicas.Refused("no usable metrics for the target's pods: " + groups.missing().size()
                + " without PodMetrics (" + shown(groups.missing()) + "), " + groups.unready().size() + " not ready");
    }

    private static boolean noneReady(List<TargetPod> pods) {
        return pods.stream().noneMatch(TargetPod::serving);
    }

    private static Instant oldest(Map<String, PodUsage> metrics) {
        return metrics.values().stream().map(PodUsage::timestamp).min(Instant::compareTo).orElseThrow();
    }

    private static long ceil(double value) {
        double rounded = Math.ceil(value);
        return rounded >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (long) rounded;
    }

    private static long clampInt(BigInteger value) {
        return value.max(BigInteger.valueOf(Integer.MIN_VALUE)).min(BigInteger.valueOf(Integer.MAX_VALUE)).longValue();
    }

    private static String shown(Set<String> pods) {
        TreeSet<String> sorted = new TreeSet<>(pods);
        List<String> first = sorted.stream().limit(SHOWN_PODS).toList();
        return String.join(", ", first) + (sorted.size() > SHOWN_PODS ? ", … (" + sorted.size() + " in all)" : "");
    }
}
