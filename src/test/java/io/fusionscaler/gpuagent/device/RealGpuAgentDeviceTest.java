package io.fusionscaler.gpuagent.device;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;
import io.fusionscaler.gpuagent.podresources.FakeKubelet;
import io.fusionscaler.testing.ScalerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.fusionscaler.gpuagent.podresources.FakeKubelet.container;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.devices;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged gpu-agent ({@code FUSION_DEVICE_RUNNER}: the native runner's path, or {@code jar} for the fast-jar)
 * on a node with a real driver: it reads the GPUs through NVML and attributes them to a pod the fake kubelet says holds all of them, as a
 * scaler would pull it. Runs only where a driver is installed and a runner is named (src/test/device/README.md).
 */
@EnabledIf("enabled")
class RealGpuAgentDeviceTest {

    private static final long MIB = 1L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static FakeKubelet kubelet;
    private static ScalerProcess agent;

    static boolean enabled() {
        return NvidiaSmi.present() && System.getenv("FUSION_DEVICE_RUNNER") != null;
    }

    @BeforeAll
    static void startTheAgent() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fusion-device");
        kubelet = FakeKubelet.start(dir.resolve("kubelet.sock"));
        String[] uuids = NvidiaSmi.gpus().stream().map(NvidiaSmi.Gpu::uuid).toArray(String[]::new);
        kubelet.serve(pod("ml", "infer-0", container("model", devices("nvidia.com/gpu", uuids))));
        String runner = System.getenv("FUSION_DEVICE_RUNNER");
        // ready once its first sampling pass is done, so the report is there from the first request on
        agent = ScalerProcess.startArtifact("jar".equals(runner) ? null : Path.of(runner),
                "-Xmx64m", "-Djna.tmpdir=" + dir,
                "-Dfusion.role=gpu-agent",
                "-Dfusion.gpu-agent.node-name=device-node",
                "-Dfusion.gpu-agent.sample-interval=500ms",
                "-Dfusion.gpu-agent.pod-resources.socket=" + kubelet.socket());
    }

    @AfterAll
    static void stopTheAgent() throws IOException {
        if (agent != null) {
            Path status = Path.of("/proc", Long.toString(agent.pid()), "status");
            Files.readAllLines(status).stream().filter(line -> line.matches("(VmRSS|VmHWM|RssAnon|RssFile):.*"))
                    .forEach(line -> System.out.println("agent " + line));
            ProcessHandle.of(agent.pid()).flatMap(process -> process.info().totalCpuDuration())
                    .ifPresent(cpu -> System.out.println("agent CPU time: " + cpu.toMillis() + " ms"));
            agent.close();
            System.out.println("--- agent log\n" + agent.output());
        }
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void reportsEveryGpuAsNvidiaSmiSeesItAndThePodHoldingThem() throws Exception {
        GpuAgentReport report = JSON.readValue(agent.httpGet("/gpu-agent/v1/pods"), GpuAgentReport.class);
        System.out.println("report: " + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        List<NvidiaSmi.Gpu> smi = NvidiaSmi.gpus();

        assertThat(report.nvml().available()).as(report.nvml().toString()).isTrue();
        assertThat(report.nvml().driverVersion()).isEqualTo(smi.get(0).driverVersion());
        assertThat(report.attribution().available()).as(report.attribution().toString()).isTrue();
        assertThat(report.gpus()).extracting(GpuDevice::uuid).containsExactlyElementsOf(smi.stream().map(NvidiaSmi.Gpu::uuid).toList());
        for (GpuDevice gpu : report.gpus()) {
            NvidiaSmi.Gpu expected = smi.get(gpu.index());
            assertThat(gpu.errors()).isEmpty();
            assertThat(gpu.name()).isEqualTo(expected.name());
            assertThat(gpu.memoryTotalBytes() / MIB).isEqualTo(expected.totalMiB());
            assertThat(gpu.utilization()).isBetween(0.0, 1.0);
            GpuLoad.current().ifPresent(load -> assertThat(load.fits((int) Math.round(gpu.utilization() * 100)))
                    .as("utilization %s while %s", gpu.utilization(), load).isTrue());
        }

        PodGpus pod = report.pods().get(0);
        assertThat(report.pods()).hasSize(1);
        assertThat(pod.namespace() + "/" + pod.pod()).isEqualTo("ml/infer-0");
        assertThat(pod.complete()).isTrue();
        assertThat(pod.devices()).extracting(PodDevice::uuid).containsExactlyElementsOf(report.gpus().stream().map(GpuDevice::uuid).toList());
        assertThat(pod.utilization()).isEqualTo(report.gpus().stream().mapToDouble(GpuDevice::utilization).average().orElseThrow());
    }

    @Test
    void exportsEachGpusUtilizationAndMemoryByUuidForPrometheus() throws Exception {
        String metrics = agent.httpGet("/q/metrics");
        metrics.lines().filter(line -> line.startsWith("fusion_gpu_")).forEach(System.out::println);
        for (NvidiaSmi.Gpu gpu : NvidiaSmi.gpus()) {
            assertThat(metrics).containsPattern("fusion_gpu_utilization_ratio\\{[^}]*UUID=\"" + gpu.uuid() + "\"[^}]*} [0-9.]+");
            assertThat(metrics).containsPattern("fusion_gpu_memory_total_bytes\\{[^}]*UUID=\"" + gpu.uuid() + "\"[^}]*} [0-9.E]+");
        }
        assertThat(metrics).contains("fusion_gpu_agent_nvml_available 1.0");
    }
}
