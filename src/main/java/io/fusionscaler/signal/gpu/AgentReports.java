package io.fusionscaler.signal.gpu;

import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.PodGpus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every agent's answer of one refresh, indexed by pod ({@code namespace/name}), so that each spec of the refresh joins
 * its target's pods against the same reports without asking any agent twice. An agent that did not answer, whose report
 * is older than the staleness limit, or whose kubelet did not say which pod holds which GPU, shows no pods: they are
 * not covered, and never counted as idle.
 */
final class AgentReports {

    /** One pod's GPUs as one agent reported them, with the agent's node and when the figures were sampled. */
    record PodFigures(PodGpus gpus, String agent, String node, Instant sampledAt) {
    }

    private final int agents;
    private final Map<String, PodFigures> pods;
    private final List<String> problems;

    private AgentReports(int agents, Map<String, PodFigures> pods, List<String> problems) {
        this.agents = agents;
        this.pods = pods;
        this.problems = List.copyOf(problems);
    }

    /** No agent was found or could be listed: {@code problem} says why. */
    static AgentReports none(String problem) {
        return new AgentReports(0, Map.of(), List.of(problem));
    }

    static AgentReports of(Map<AgentPod, AgentAnswer> answers, Duration stalenessLimit) {
        Map<String, PodFigures> pods = new HashMap<>();
        List<String> problems = new ArrayList<>();
        answers.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(AgentPod::name))).forEach(entry -> {
            AgentPod agent = entry.getKey();
            if (entry.getValue() instanceof AgentAnswer.Failure failure) {
                problems.add("gpu-agent " + agent + ": " + failure.reason());
                return;
            }
            AgentAnswer.Report answer = (AgentAnswer.Report) entry.getValue();
            GpuAgentReport report = answer.report();
            long ageMillis = Math.max(0, report.sampleAgeMillis());
            if (ageMillis > stalenessLimit.toMillis()) {
                problems.add("gpu-agent " + agent + ": its last GPU sample is " + ageMillis + " ms old (over fusion.gpu.staleness-limit "
                        + stalenessLimit.toMillis() + " ms)");
                return;
            }
            if (report.attribution() != null && !report.attribution().available()) {
                problems.add("gpu-agent " + agent + ": the kubelet did not say which pod holds which GPU ("
                        + Optional.ofNullable(report.attribution().message()).orElse("PodResources unavailable") + ")");
                return;
            }
            if (report.nvml() != null && !report.nvml().available()) {
                problems.add("gpu-agent " + agent + ": NVML unavailable (" + Optional.ofNullable(report.nvml().reason()).orElse("?")
                        + Optional.ofNullable(report.nvml().message()).map(m -> ": " + m).orElse("") + ")");
            }
            String node = report.node() == null ? "" : report.node();
            for (PodGpus pod : report.pods() == null ? List.<PodGpus>of() : report.pods()) {
                if (pod != null && pod.namespace() != null && pod.pod() != null) {
                    pods.putIfAbsent(key(pod.namespace(), pod.pod()), new PodFigures(pod, agent.name(), node, answer.sampledAt()));
                }
            }
        });
        return new AgentReports(answers.size(), pods, problems);
    }

    static String key(String namespace, String pod) {
        return namespace + "/" + pod;
    }

    Optional<PodFigures> pod(String namespace, String name) {
        return Optional.ofNullable(pods.get(key(namespace, name)));
    }

    /** How many agents were asked. */
    int agents() {
        return agents;
    }

    /** Agents that gave no usable report (or none was found), one line each, in name order. */
    List<String> problems() {
        return problems;
    }
}
