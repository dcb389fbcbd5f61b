package io.fusionscaler.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.gpuagent.api.AttributionStatus;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.NvmlStatus;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.gpu.FakeAgent;
import io.fusionscaler.signal.gpu.GpuTrigger;
import io.fusionscaler.signal.gpu.GpuUtilizationSource;
import io.fusionscaler.signal.gpu.TestGpuConfig;
import io.fusionscaler.target.PodPhase;
import io.fusionscaler.target.PodSelector;
import io.fusionscaler.target.PodsLookup;
import io.fusionscaler.target.ScaleTarget;
import io.fusionscaler.target.TargetDiscovery;
import io.fusionscaler.target.TargetLookup;
import io.fusionscaler.target.TargetPod;
import io.fusionscaler.target.TargetRef;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Part 8: the scaler's GPU lane at scale, in process. gpu-agents are HTTP servers on loopback addresses 127.0.0.2, ...
 * (one port, as in a cluster), each serving the agent's real report format for its node: 8 GPUs, 100 pods each
 * holding one time-sliced GPU. The targets are spread over the nodes (target t holds pods t, t + targets, ...), so
 * each joins pods of many agents. Target discovery answers from memory (its watch caches, without the API server).
 * One refresh of the lane pulls every agent at once and joins every target, as the engine calls it; reported: wall
 * time per refresh and the scaler side's CPU per refresh (the process's CPU time minus the agent servers' threads).
 */
final class GpuJoinBenchmark {

    private static final String NAMESPACE = "bench";
    private static final String AGENTS_NAMESPACE = "gpu-system";
    private static final int GPUS_PER_NODE = 8;
    private static final int PODS_PER_NODE = 100;
    private static final int WARMUP_ROUNDS = 3;
    private static final long GIB = 1L << 30;

    private final BenchConfig config;
    private final Report report;

    GpuJoinBenchmark(BenchConfig config, Report report) {
        this.config = config;
        this.report = report;
    }

    void run() throws Exception {
        int agentCount = config.gpuJoinAgents();
        int targetCount = config.gpuJoinTargets();
        if (agentCount < 1 || agentCount > 250 || targetCount < 1 || targetCount > agentCount * PODS_PER_NODE) {
            throw new IllegalArgumentException("bench.gpuJoin.agents must be 1-250 (one loopback address each) and"
                    + " bench.gpuJoin.targets 1 to agents x " + PODS_PER_NODE);
        }
        Instant now = Instant.now();
        FakeAgent[] agents = FakeAgent.onOnePort(IntStream.range(0, agentCount).mapToObj(i -> "127.0.0." + (2 + i)).toList());
        Set<Long> agentThreads = agentThreads();
        Vertx vertx = Vertx.vertx();
        try (KubernetesClient unused = new KubernetesClientBuilder().build()) {
            Map<String, List<TargetPod>> podsByTarget = new HashMap<>();
            List<TargetPod> agentPods = new ArrayList<>();
            for (int node = 0; node < agentCount; node++) {
                List<PodGpus> pods = new ArrayList<>();
                for (int slot = 0; slot < PODS_PER_NODE; slot++) {
                    int index = node * PODS_PER_NODE + slot;
                    String pod = "pod-" + index;
                    pods.add(podGpus(pod, node, slot, (index * 37 % 100) / 100.0));
                    podsByTarget.computeIfAbsent(target(index % targetCount), t -> new ArrayList<>()).add(running(NAMESPACE, pod, null));
                }
                agents[node].serve(new GpuAgentReport("node-" + node, now, 0, new NvmlStatus(true, null, null, "550.54.15", 0, null),
                        new AttributionStatus(true, null, now), pods, gpus(node)));
                agentPods.add(running(AGENTS_NAMESPACE, "gpu-agent-" + node, "127.0.0." + (2 + node)));
            }
            TestGpuConfig gpuConfig = TestGpuConfig.of(AGENTS_NAMESPACE, agents[0].port()).withMaxResponseSize(4L << 20);
            GpuUtilizationSource source = new GpuUtilizationSource(gpuConfig, new MemoryTargets(podsByTarget, agentPods),
                    Clock.systemUTC(), vertx, unused);
            Set<GpuTrigger> specs = new LinkedHashSet<>();
            for (int t = 0; t < targetCount; t++) {
                specs.add(new GpuTrigger(NAMESPACE, target(t), 50, 5, Duration.ofMinutes(5)));
            }
            int reportBytes = reportBytes(agents[0].port());
            report.line("8. GPU lane: %d gpu-agents (127.0.0.2-127.0.0.%d, one port) x %d GPUs x %d pods = %,d pods (report of %,d bytes"
                            + " per agent), %,d targets of %d pods each spread over the nodes; %d rounds after %d warm-up rounds",
                    agentCount, agentCount + 1, GPUS_PER_NODE, PODS_PER_NODE, agentCount * PODS_PER_NODE, reportBytes, targetCount,
                    agentCount * PODS_PER_NODE / targetCount, config.gpuJoinRounds(), WARMUP_ROUNDS);
            for (int round = 0; round < WARMUP_ROUNDS; round++) {
                refresh(source, specs);
            }
            long[] wallMillis = new long[config.gpuJoinRounds()];
            double[] cpuMillis = new double[config.gpuJoinRounds()];
            long partial = 0;
            for (int round = 0; round < wallMillis.length; round++) {
                double cpuBefore = ProcFs.cpuSeconds(ProcessHandle.current().pid()) - threadsCpuSeconds(agentThreads);
                long began = System.nanoTime();
                partial += refresh(source, specs);
                wallMillis[round] = (System.nanoTime() - began) / 1_000_000;
                cpuMillis[round] = (ProcFs.cpuSeconds(ProcessHandle.current().pid()) - threadsCpuSeconds(agentThreads) - cpuBefore) * 1000;
            }
            Arrays.sort(wallMillis);
            Arrays.sort(cpuMillis);
            report.line("   refresh of the lane (pull every agent, join every target): p50 %.0f ms, p95 %.0f ms, max %d ms;"
                            + " scaler-side CPU per refresh p50 %.0f ms (%.0f %% of one core at the default 1 s interval);"
                            + " target readings short of full coverage: %d of %,d",
                    Stats.percentile(wallMillis, 0.50), Stats.percentile(wallMillis, 0.95), wallMillis[wallMillis.length - 1],
                    Stats.percentile(cpuMillis, 0.50), Stats.percentile(cpuMillis, 0.50) / 10, partial,
                    (long) wallMillis.length * targetCount);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            Arrays.stream(agents).forEach(FakeAgent::close);
        }
    }

    /** One refresh of every spec; returns how many did not measure their whole target (an agent did not answer in time). */
    private static long refresh(GpuUtilizationSource source, Set<GpuTrigger> specs) {
        Map<GpuTrigger, SignalOutcome> outcomes = source.refresh(specs, RefreshDeadline.after(Duration.ofSeconds(30)));
        return specs.stream().filter(spec -> !(outcomes.get(spec) instanceof SignalOutcome.Measured measured)
                || measured.reading().coverage().ratio() < 1.0).count();
    }

    /** The size of the first agent's answer, as the scaler reads it. */
    private static int reportBytes(int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port + "/gpu-agent/v1/pods")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    private static String target(int index) {
        return "model-" + index;
    }

    private static PodGpus podGpus(String pod, int node, int slot, double utilization) {
        long used = (long) (utilization * 80 * GIB);
        PodDevice device = new PodDevice("main", "nvidia.com/gpu", uuid(node, slot % GPUS_PER_NODE) + "::" + slot / GPUS_PER_NODE,
                uuid(node, slot % GPUS_PER_NODE), true, utilization, used, 80 * GIB, List.of());
        return new PodGpus(NAMESPACE, pod, utilization, used, 80 * GIB, true, List.of(device));
    }

    private static List<GpuDevice> gpus(int node) {
        return IntStream.range(0, GPUS_PER_NODE).mapToObj(gpu -> new GpuDevice(uuid(node, gpu), gpu, "NVIDIA H200", null, false, 0.5,
                40 * GIB, 80 * GIB, List.of())).toList();
    }

    private static String uuid(int node, int gpu) {
        return String.format("GPU-%08x-0000-4000-8000-%012x", node, gpu);
    }

    private static TargetPod running(String namespace, String name, String ip) {
        return new TargetPod(namespace, name, Map.of(), PodPhase.RUNNING, false, Optional.empty(), Optional.empty(),
                Optional.ofNullable(ip), List.of(), Map.of());
    }

    /** The agent servers' threads (com.sun.net.httpserver runs each exchange on its dispatcher thread). */
    private static Set<Long> agentThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Set<Long> ids = new LinkedHashSet<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("HTTP-Dispatcher")) {
                ids.add(info.getThreadId());
            }
        }
        return ids;
    }

    private static double threadsCpuSeconds(Set<Long> ids) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return ids.stream().mapToLong(threads::getThreadCpuTime).filter(t -> t > 0).sum() / 1e9;
    }

    /** Target discovery's answers from memory: each target a Deployment of its running pods; the agents' pods with their IPs. */
    private record MemoryTargets(Map<String, List<TargetPod>> podsByTarget, List<TargetPod> agents) implements TargetDiscovery {

        @Override
        public TargetLookup target(String namespace, String scaledObject, RefreshDeadline deadline) {
            List<TargetPod> pods = podsByTarget.get(scaledObject);
            if (pods == null) {
                return new TargetLookup.Unavailable("no ScaledObject " + scaledObject);
            }
            ScaleTarget target = new ScaleTarget(namespace, new TargetRef("apps/v1", "Deployment", scaledObject), pods.size(), pods.size(),
                    PodSelector.everything());
            return new TargetLookup.Found(target, pods);
        }

        @Override
        public PodsLookup pods(String namespace, PodSelector selector, RefreshDeadline deadline) {
            return new PodsLookup.Found(Objects.equals(namespace, AGENTS_NAMESPACE) ? agents : List.of());
        }
    }
}
