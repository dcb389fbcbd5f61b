package io.fusionscaler.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.nvml.FakeNvmlLibrary;
import io.fusionscaler.gpuagent.nvml.FakeNvmlScenario;
import io.fusionscaler.gpuagent.podresources.FakeKubelet;
import io.fusionscaler.gpuagent.podresources.proto.PodResources;
import io.fusionscaler.testing.ScalerProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.fusionscaler.gpuagent.podresources.FakeKubelet.container;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.devices;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.pod;

/**
 * Part 7: one gpu-agent (the packaged build in the gpu-agent role) sampling 8 GPUs held by 100 pods (time-sliced: 12 or
 * 13 pods per GPU) once a second: the fake libnvidia-ml.so.1 with 8 devices, a fake kubelet's PodResources on a unix
 * socket, and a client pulling the agent's report once a second as the scaler does. Measured for the JVM fast-jar and,
 * when {@code native.image.path} names one, the native runner, each with the chart's flags for the agent: CPU share of
 * one core over the measuring window, resident memory at its end and its high-water mark.
 */
final class GpuAgentBenchmark {

    static final int GPUS = 8;
    static final int PODS = 100;
    private static final String NODE = "bench-gpu-node";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** The chart's agent flags (ChartRenderTest holds the chart to them): native, and the footprint flags on the JVM. */
    private static final List<String> NATIVE_FLAGS = List.of("-Xmx64m", "-Djna.tmpdir=/tmp", "-Dio.netty.allocator.numDirectArenas=1",
            "-Dio.netty.allocator.numHeapArenas=1", "-XX:MaxHeapFree=2m");
    private static final List<String> JVM_FLAGS = List.of("-Xmx96m", "-XX:+UseSerialGC", "-Xms32m", "-XX:MaxMetaspaceSize=128m",
            "-XX:ReservedCodeCacheSize=32m", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:MaxDirectMemorySize=32m",
            "-Dio.netty.allocator.numDirectArenas=1", "-Dio.netty.allocator.numHeapArenas=1");

    private final BenchConfig config;
    private final Report report;

    GpuAgentBenchmark(BenchConfig config, Report report) {
        this.config = config;
        this.report = report;
    }

    void run() throws Exception {
        Path nvml = config.outputDir().resolve("gpu-agent-nvml");
        FakeNvmlLibrary.copyInto(nvml);
        FakeNvmlScenario scenario = FakeNvmlScenario.twoIdleGpus().gpus(GPUS);
        for (int gpu = 0; gpu < GPUS; gpu++) {
            scenario.utilization(gpu, 10 + 10 * gpu).memory(gpu, 80L << 30, (long) (gpu + 1) << 30, 1L << 30);
        }
        scenario.playIn(nvml);
        Path socketDir = Files.createTempDirectory("fusion-kubelet");
        Duration warmup = config.gpuAgentWarmup();
        Duration measure = config.gpuAgentMeasure();
        report.line("7. gpu-agent: %d GPUs (fake NVML) x %d pods (fake kubelet, each pod one time-sliced GPU), sampled every 1 s,"
                + " its report pulled every 1 s; %d s warm-up, %d s measured", GPUS, PODS, warmup.toSeconds(), measure.toSeconds());
        try (FakeKubelet kubelet = FakeKubelet.start(socketDir.resolve("kubelet.sock"))) {
            kubelet.serve(pods());
            List<String> agentProperties = List.of("-Dfusion.role=gpu-agent", "-Dfusion.gpu-agent.node-name=" + NODE,
                    "-Dfusion.gpu-agent.sample-interval=1s", "-Dfusion.gpu-agent.nvml.search-path=" + nvml.toAbsolutePath(),
                    "-Dfusion.gpu-agent.pod-resources.socket=" + kubelet.socket());
            measure("JVM fast-jar", null, JVM_FLAGS, agentProperties, warmup, measure);
            String runner = System.getProperty("native.image.path", "");
            if (!runner.isBlank() && Files.isExecutable(Path.of(runner))) {
                measure("native runner", Path.of(runner), NATIVE_FLAGS, agentProperties, warmup, measure);
            } else {
                report.line("   native runner: not measured (-Dnative.image.path=<runner> names one)");
            }
        } finally {
            Files.deleteIfExists(socketDir.resolve("kubelet.sock"));
            Files.deleteIfExists(socketDir);
        }
    }

    private void measure(String artifact, Path nativeRunner, List<String> flags, List<String> properties, Duration warmup,
                         Duration window) throws Exception {
        List<String> arguments = new ArrayList<>(flags);
        arguments.addAll(properties);
        Report.progress("starting the gpu-agent: %s", artifact);
        try (ScalerProcess agent = ScalerProcess.startArtifact(nativeRunner, arguments.toArray(String[]::new))) {
            String body = pullFor(agent, warmup);
            GpuAgentReport read = JSON.readValue(body, GpuAgentReport.class);
            if (read.pods().size() != PODS || read.gpus().size() != GPUS || read.pods().stream().anyMatch(p -> p.utilization() == null)) {
                throw new IllegalStateException("the agent does not report " + PODS + " pods on " + GPUS + " GPUs, all with figures: " + body);
            }
            double cpuBefore = ProcFs.cpuSeconds(agent.pid());
            long began = System.nanoTime();
            pullFor(agent, window);
            double seconds = (System.nanoTime() - began) / 1e9;
            double cpu = (ProcFs.cpuSeconds(agent.pid()) - cpuBefore) / seconds;
            report.line("   %-13s (%s): CPU %.1f %% of one core (%.1f ms per 1 s sample and pull), RSS %.0f MiB (peak %.0f MiB),"
                            + " report %,d bytes", artifact, String.join(" ", flags), cpu * 100, cpu * 1000,
                    ProcFs.statusMib(agent.pid(), "VmRSS"), ProcFs.statusMib(agent.pid(), "VmHWM"), body.length());
        }
    }

    /** Pulls the report once a second for {@code duration}, as the scaler does; returns the last one. */
    private static String pullFor(ScalerProcess agent, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        String body = "";
        while (System.nanoTime() < end) {
            body = agent.httpGet("/gpu-agent/v1/pods");
            Thread.sleep(1000);
        }
        return body;
    }

    private static PodResources[] pods() {
        PodResources[] pods = new PodResources[PODS];
        for (int i = 0; i < PODS; i++) {
            String replica = FakeNvmlLibrary.gpuUuid(i % GPUS) + "::" + (i / GPUS);
            pods[i] = pod("bench", "model-" + i, container("main", devices("nvidia.com/gpu", replica)));
        }
        return pods;
    }
}
