package io.fusionscaler.signal.gpu;

import io.fusionscaler.gpuagent.api.GpuError;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;
import io.fusionscaler.target.PodPhase;
import io.fusionscaler.target.ScaleTarget;
import io.fusionscaler.target.TargetPod;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The pure join of a target's pods with the agents' reports. A pod's utilization is the mean over its GPUs (as the
 * agent computes it, over the distinct devices that have a figure); the target's is the mean over its running pods
 * that have one; desired = ceil(running pods × utilization / target). Running pods without figures (their agent did not
 * answer, their GPUs have no utilization) are not covered: they count as running at the covered pods' mean, never as 0.
 * Pods are taken in name order, so the explain view lists them the same way at every refresh.
 */
final class GpuJoin {

    /** Pods listed one by one in the explain view's details (and at most this many pod problems in a failure). */
    static final int LISTED_PODS = 50;
    private static final int NAMED_IN_FAILURE = 3;
    /** Rounding slack on ceil(): 3 × 70.00000000000001 % / 70 % is 3 replicas, not 4. */
    private static final double EPSILON = 1e-9;

    private GpuJoin() {
    }

    /** What the join gives for one target. */
    sealed interface Result {

        /**
         * Measured: the mean utilization in percent over {@code covered} of {@code running} pods, the replicas it asks for,
         * and the oldest sample it used.
         */
        record Figures(double utilizationPercent, int running, int covered, long desiredReplicas, Instant observedAt,
                Map<String, Object> details) implements Result {
        }

        /** Nothing to measure, known for sure (no running pod yet). */
        record NoPods(String reason) implements Result {
        }

        /** Running pods, none of them with GPU figures. */
        record NoFigures(String reason) implements Result {
        }
    }

    static Result join(ScaleTarget target, List<TargetPod> pods, AgentReports reports, int targetUtilization) {
        Objects.requireNonNull(target, "target");
        List<TargetPod> running = pods.stream().filter(p -> p.phase() == PodPhase.RUNNING && !p.deleting())
                .sorted(Comparator.comparing(TargetPod::name)).toList();
        if (running.isEmpty()) {
            return new Result.NoPods(target.describe() + " has no running pod yet: no GPU to measure");
        }
        double sum = 0;
        int covered = 0;
        Instant oldest = null;
        List<CoveredPod> listed = new ArrayList<>();
        Map<String, String> uncovered = new LinkedHashMap<>();
        Set<String> nodes = new LinkedHashSet<>();
        for (TargetPod pod : running) {
            Optional<AgentReports.PodFigures> figures = reports.pod(pod.namespace(), pod.name());
            if (figures.isEmpty()) {
                uncovered.put(pod.name(), reports.problems().isEmpty() ? "no gpu-agent reports a GPU held by it"
                        : "reported by no gpu-agent that answered");
                continue;
            }
            PodGpus gpus = figures.get().gpus();
            if (gpus.utilization() == null || !Double.isFinite(gpus.utilization())) {
                uncovered.put(pod.name(), "no GPU utilization on node " + figures.get().node() + whyNot(gpus));
                continue;
            }
            double percent = clamp(gpus.utilization()) * 100.0;
            sum += percent;
            covered++;
            nodes.add(figures.get().node());
            Instant sampled = figures.get().sampledAt();
            oldest = oldest == null || sampled.isBefore(oldest) ? sampled : oldest;
            if (listed.size() < LISTED_PODS) {
                listed.add(covered(pod.name(), figures.get(), percent));
            }
        }
        if (covered == 0) {
            return new Result.NoFigures(noFigures(target, running.size(), uncovered, reports));
        }
        double utilization = sum / covered;
        long desired = (long) Math.ceil(running.size() * utilization / targetUtilization - EPSILON);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", target.ref().toString());
        details.put("currentReplicas", target.specReplicas());
        details.put("utilizationPercent", utilization);
        details.put("targetUtilizationPercent", targetUtilization);
        details.put("runningPods", running.size());
        details.put("coveredPods", covered);
        details.put("nodes", List.copyOf(nodes));
        details.put(GpuTrigger.COVERED_PODS, listed);
        if (!uncovered.isEmpty()) {
            Map<String, String> shown = new LinkedHashMap<>();
            uncovered.entrySet().stream().limit(LISTED_PODS).forEach(e -> shown.put(e.getKey(), e.getValue()));
            details.put("uncoveredPods", shown);
        }
        if (!reports.problems().isEmpty()) {
            details.put("agentProblems", reports.problems().stream().limit(LISTED_PODS).toList());
        }
        return new Result.Figures(utilization, running.size(), covered, Math.max(0, desired), oldest, details);
    }

    /** One covered pod in the explain view: its node, its utilization, and each GPU's part of it. */
    private static CoveredPod covered(String name, AgentReports.PodFigures figures, double percent) {
        List<CoveredPod.HeldGpu> gpus = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (PodDevice device : figures.gpus().devices() == null ? List.<PodDevice>of() : figures.gpus().devices()) {
            if (device == null || device.uuid() == null || !seen.add(device.uuid())) {
                continue;
            }
            gpus.add(new CoveredPod.HeldGpu(device.uuid(), String.valueOf(device.container()),
                    device.utilization() == null ? null : clamp(device.utilization()) * 100.0, device.memoryUsedBytes(), device.shared()));
        }
        return new CoveredPod(name, figures.node(), figures.agent(), percent, gpus, figures.gpus().complete());
    }

    private static String whyNot(PodGpus gpus) {
        if (gpus.devices() == null) {
            return "";
        }
        Set<String> reasons = new LinkedHashSet<>();
        for (PodDevice device : gpus.devices()) {
            if (device != null && device.errors() != null) {
                device.errors().stream().filter(Objects::nonNull).map(GpuError::reason).filter(Objects::nonNull).forEach(reasons::add);
            }
        }
        return reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")";
    }

    private static String noFigures(ScaleTarget target, int running, Map<String, String> uncovered, AgentReports reports) {
        StringBuilder reason = new StringBuilder("no running pod of ").append(target.describe()).append(" has GPU figures (0 of ")
                .append(running).append(" pods covered, ").append(reports.agents()).append(" gpu-agents asked)");
        uncovered.entrySet().stream().limit(NAMED_IN_FAILURE)
                .forEach(e -> reason.append("; pod ").append(e.getKey()).append(": ").append(e.getValue()));
        if (uncovered.size() > NAMED_IN_FAILURE) {
            reason.append("; and ").append(uncovered.size() - NAMED_IN_FAILURE).append(" more pods");
        }
        reports.problems().stream().limit(NAMED_IN_FAILURE).forEach(p -> reason.append("; ").append(p));
        if (reports.problems().size() > NAMED_IN_FAILURE) {
            reason.append("; and ").append(reports.problems().size() - NAMED_IN_FAILURE).append(" more gpu-agents without a usable report");
        }
        return reason.toString();
    }

    private static double clamp(double ratio) {
        return Math.max(0.0, Math.min(1.0, ratio));
    }
}
