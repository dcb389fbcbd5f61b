package io.fusionscaler.gpuagent.device;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;
import io.fusionscaler.gpuagent.podresources.FakeKubelet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.fusionscaler.gpuagent.podresources.FakeKubelet.container;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.devices;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged gpu-agent (the native runner, or any command in {@code FUSION_DEVICE_RUNNER}) on a node with a real
 * driver: it reads the GPUs through NVML and attributes them to a pod the fake kubelet says holds all of them, as a
 * scaler would pull it. Runs only where a driver is installed and a runner is named (src/test/device/README.md).
 */
@EnabledIf("enabled")
class RealGpuAgentDeviceTest {

    private static final long MIB = 1L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Path dir;
    private static FakeKubelet kubelet;
    private static Process agent;
    private static Path log;
    private static int port;

    static boolean enabled() {
        return NvidiaSmi.present() && System.getenv("FUSION_DEVICE_RUNNER") != null;
    }

    @BeforeAll
    static void startTheAgent() throws IOException {
        dir = Files.createTempDirectory("fusion-device");
        kubelet = FakeKubelet.start(dir.resolve("kubelet.sock"));
        String[] uuids = NvidiaSmi.gpus().stream().map(NvidiaSmi.Gpu::uuid).toArray(String[]::new);
        kubelet.serve(pod("ml", "infer-0", container("model", devices("nvidia.com/gpu", uuids))));
        port = freePort();
        List<String> command = new ArrayList<>(List.of(System.getenv("FUSION_DEVICE_RUNNER").split(" ")));
        command.addAll(List.of("-Xmx64m", "-Djna.tmpdir=" + dir,
                "-Dfusion.role=gpu-agent",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.grpc.server.port=" + freePort(),
                "-Dfusion.gpu-agent.node-name=device-node",
                "-Dfusion.gpu-agent.sample-interval=500ms",
                "-Dfusion.gpu-agent.pod-resources.socket=" + kubelet.socket()));
        log = dir.resolve("agent.log");
        agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @AfterAll
    static void stopTheAgent() throws IOException, InterruptedException {
        if (agent != null) {
            Path status = Path.of("/proc", Long.toString(agent.pid()), "status");
            if (Files.exists(status)) {
                Files.readAllLines(status).stream().filter(line -> line.matches("(VmRSS|VmHWM|RssAnon|RssFile):.*"))
                        .forEach(line -> System.out.println("agent " + line));
            }
            agent.info().totalCpuDuration().ifPresent(cpu -> System.out.println("agent CPU time: " + cpu.toMillis() + " ms"));
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
            System.out.println("--- agent log\n" + Files.readString(log));
        }
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void reportsEveryGpuAsNvidiaSmiSeesItAndThePodHoldingThem() throws Exception {
        GpuAgentReport report = firstReport();
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
        firstReport();
        String metrics = get("/q/metrics").body();
        metrics.lines().filter(line -> line.startsWith("fusion_gpu_")).forEach(System.out::println);
        for (NvidiaSmi.Gpu gpu : NvidiaSmi.gpus()) {
            assertThat(metrics).containsPattern("fusion_gpu_utilization_ratio\\{[^}]*UUID=\"" + gpu.uuid() + "\"[^}]*} [0-9.]+");
            assertThat(metrics).containsPattern("fusion_gpu_memory_total_bytes\\{[^}]*UUID=\"" + gpu.uuid() + "\"[^}]*} [0-9.E]+");
        }
        assertThat(metrics).contains("fusion_gpu_agent_nvml_available 1.0");
    }

    private static GpuAgentReport firstReport() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(agent.isAlive()).as("the agent exited: %s", Files.readString(log)).isTrue();
            try {
                HttpResponse<String> response = get("/gpu-agent/v1/pods");
                if (response.statusCode() == 200) {
                    return JSON.readValue(response.body(), GpuAgentReport.class);
                }
            } catch (IOException notListeningYet) {
                // the runner is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no report within 60 s: " + Files.readString(log));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
