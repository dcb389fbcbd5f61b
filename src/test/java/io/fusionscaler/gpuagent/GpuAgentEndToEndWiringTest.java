package io.fusionscaler.gpuagent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.GpuError;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;
import io.fusionscaler.gpuagent.nvml.FakeNvmlScenario;
import io.fusionscaler.gpuagent.nvml.NvmlReturn;
import io.fusionscaler.gpuagent.podresources.FakeKubelet;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.fusionscaler.gpuagent.nvml.FakeNvmlLibrary.gpuUuid;
import static io.fusionscaler.gpuagent.nvml.FakeNvmlLibrary.migUuid;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.container;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.devices;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.pod;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The gpu-agent role end to end: the process samples the fake libnvidia-ml.so.1 through JNA and asks the fake kubelet
 * over its unix socket, and serves the result over its API (read back into the wire records the scaler uses), its
 * metrics and its health check. {@code GpuAgentIT} runs the same against the packaged build.
 */
@QuarkusTest
@TestProfile(GpuAgentProfile.class)
class GpuAgentEndToEndWiringTest {

    private static final long GIB = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Injected by {@link FakeKubeletResource}. */
    FakeKubelet kubelet;

    @BeforeEach
    void healthyNodeWithThreePods() {
        FakeNvmlScenario.twoIdleGpus().utilization(0, 40).utilization(1, 70).memory(1, 80 * GIB, 30 * GIB, GIB).play();
        kubelet.serve(pod("ml", "trainer-0", container("main", devices("nvidia.com/gpu", gpuUuid(0)))),
                pod("ml", "infer-1", container("server", devices("nvidia.com/gpu", gpuUuid(1) + "::1"))),
                pod("lab", "infer-2", container("server", devices("nvidia.com/gpu", gpuUuid(1) + "::2"))));
    }

    @Test
    void servesEveryPodsGpuFiguresWithTheNodeAndSampleTime() {
        GpuAgentReport report = awaitReport(r -> r.pods().size() == 3 && r.gpus().size() == 2 && r.gpus().get(1).utilization() != null
                && r.gpus().get(1).utilization() == 0.7);

        assertThat(report.node()).isEqualTo(GpuAgentProfile.NODE);
        assertThat(report.sampleTime()).isNotNull();
        assertThat(report.sampleAgeMillis()).isGreaterThanOrEqualTo(0);
        assertThat(report.nvml().available()).isTrue();
        assertThat(report.nvml().driverVersion()).isEqualTo("550.54.15");
        assertThat(report.attribution().available()).isTrue();
        assertThat(report.pods()).extracting(PodGpus::namespace, PodGpus::pod, PodGpus::utilization, PodGpus::memoryUsedBytes,
                        PodGpus::memoryTotalBytes, PodGpus::complete)
                .containsExactly(tuple("lab", "infer-2", 0.7, 30 * GIB, 80 * GIB, true),
                        tuple("ml", "infer-1", 0.7, 30 * GIB, 80 * GIB, true),
                        tuple("ml", "trainer-0", 0.4, GIB, 80 * GIB, true));
        assertThat(report.pods().get(0).devices()).containsExactly(new PodDevice("server", "nvidia.com/gpu", gpuUuid(1) + "::2",
                gpuUuid(1), true, 0.7, 30 * GIB, 80 * GIB, List.of()));
    }

    @Test
    void metricsCarryDcgmExporterLabelsInBaseUnits() {
        awaitReport(r -> r.pods().size() == 3 && r.gpus().size() == 2 && Double.valueOf(0.4).equals(r.gpus().get(0).utilization()));

        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(scrape).contains("fusion_gpu_utilization_ratio{UUID=\"" + gpuUuid(0)
                + "\",container=\"main\",gpu=\"0\",namespace=\"ml\",pod=\"trainer-0\"} 0.4");
        assertThat(scrape).contains("fusion_gpu_utilization_ratio{UUID=\"" + gpuUuid(1)
                + "\",container=\"server\",gpu=\"1\",namespace=\"lab\",pod=\"infer-2\"} 0.7");
        assertThat(scrape).contains("fusion_gpu_memory_used_bytes{UUID=\"" + gpuUuid(1)
                + "\",container=\"server\",gpu=\"1\",namespace=\"ml\",pod=\"infer-1\"} 3.221225472E10");
        assertThat(scrape).contains("fusion_gpu_memory_total_bytes{UUID=\"" + gpuUuid(0)
                + "\",container=\"main\",gpu=\"0\",namespace=\"ml\",pod=\"trainer-0\"} 8.589934592E10");
        assertThat(scrape).contains("fusion_gpu_agent_nvml_available 1.0");
        assertThat(scrape).contains("fusion_gpu_agent_podresources_available 1.0");
        assertThat(scrape).containsPattern("fusion_gpu_agent_pass_duration_seconds_count [1-9]");
    }

    @Test
    void unallocatedGpusKeepASeriesWithEmptyPodLabels() {
        kubelet.serve();
        awaitReport(r -> r.pods().isEmpty() && r.gpus().size() == 2);

        assertThat(given().get("/q/metrics").then().extract().asString()).contains("fusion_gpu_utilization_ratio{UUID=\"" + gpuUuid(0)
                + "\",container=\"\",gpu=\"0\",namespace=\"\",pod=\"\"}");
    }

    @Test
    void healthSaysWhatNvmlAndTheKubeletDo() {
        awaitReport(r -> r.nvml().available() && r.pods().size() == 3);

        JsonPath check = gpuAgentCheck();

        assertThat(check.getString("status")).isEqualTo("UP");
        assertThat(check.getMap("data")).containsEntry("active", true).containsEntry("nvml", "available")
                .containsEntry("driverVersion", "550.54.15").containsEntry("podResources", "available").containsEntry("node", GpuAgentProfile.NODE);
    }

    @Test
    void aDriverLibraryMismatchMakesEveryGpuUnavailableByNameUntilNvmlInitializesAgain() {
        awaitReport(r -> r.nvml().available() && r.pods().size() == 3);
        long reinitsBefore = report().nvml().reinitializations();
        FakeNvmlScenario.twoIdleGpus()
                .failing("nvmlDeviceGetCount_v2", -1, NvmlReturn.LIB_RM_VERSION_MISMATCH)
                .failing("nvmlInit_v2", -1, NvmlReturn.LIB_RM_VERSION_MISMATCH).play();

        GpuAgentReport down = awaitReport(r -> !r.nvml().available());

        assertThat(down.nvml().reason()).isEqualTo("LIB_RM_VERSION_MISMATCH");
        assertThat(down.nvml().nextRetry()).isNotNull();
        assertThat(down.gpus()).isEmpty();
        assertThat(down.pods()).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.utilization()).isNull();
            assertThat(pod.devices()).flatExtracting(PodDevice::errors).extracting(GpuError::reason).containsOnly("LIB_RM_VERSION_MISMATCH");
        });
        assertThat(gpuAgentCheck().getMap("data")).containsEntry("nvml", "unavailable").containsEntry("nvmlReason", "LIB_RM_VERSION_MISMATCH");
        assertThat(given().get("/q/metrics").then().extract().asString()).contains("fusion_gpu_agent_nvml_available 0.0");
        // the first failure is the device count; nvmlInit_v2 fails at the first retry, one retry delay later
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(given().get("/q/metrics").then().extract().asString())
                .containsPattern("fusion_gpu_agent_nvml_errors_total\\{function=\"nvmlInit_v2\",reason=\"LIB_RM_VERSION_MISMATCH\"} [1-9]"));

        FakeNvmlScenario.twoIdleGpus().utilization(0, 40).play();
        GpuAgentReport back = awaitReport(r -> r.nvml().available() && r.gpus().size() == 2);

        assertThat(back.nvml().reason()).isNull();
        assertThat(back.nvml().reinitializations()).isGreaterThan(reinitsBefore);
        assertThat(back.pods()).extracting(PodGpus::pod, PodGpus::utilization).contains(tuple("trainer-0", 0.4));
        assertThat(given().get("/q/metrics").then().extract().asString()).containsPattern("fusion_gpu_agent_nvml_reinitializations_total [1-9]");
    }

    @Test
    void aGpuLostMidRunIsUnavailableAloneAndThePodsHoldingItSayWhy() {
        awaitReport(r -> r.pods().size() == 3 && Double.valueOf(0.7).equals(r.gpus().get(1).utilization()));
        FakeNvmlScenario.twoIdleGpus().utilization(0, 40).failing("*", 1, NvmlReturn.GPU_IS_LOST).play();

        GpuAgentReport lost = awaitReport(r -> "GPU_IS_LOST".equals(r.nvml().reason()));

        assertThat(lost.nvml().available()).isTrue();
        assertThat(lost.gpus()).extracting(GpuDevice::uuid, GpuDevice::utilization).containsExactly(tuple(gpuUuid(0), 0.4), tuple(gpuUuid(1), null));
        assertThat(lost.pods()).filteredOn(pod -> pod.pod().startsWith("infer")).hasSize(2).allSatisfy(pod -> {
            assertThat(pod.utilization()).isNull();
            assertThat(pod.complete()).isFalse();
            assertThat(pod.devices().get(0).errors()).extracting(GpuError::field, GpuError::reason).containsExactly(tuple("device", "GPU_IS_LOST"));
        });
        assertThat(lost.pods()).filteredOn(pod -> pod.pod().equals("trainer-0")).extracting(PodGpus::utilization).containsExactly(0.4);
        assertThat(gpuAgentCheck().getMap("data")).containsEntry("gpusUnavailable", 1);
        assertThat(given().get("/q/metrics").then().extract().asString()).contains("fusion_gpu_agent_device_errors{UUID=\"" + gpuUuid(1)
                + "\",field=\"device\",gpu=\"1\",reason=\"GPU_IS_LOST\"} 1.0");
    }

    @Test
    void migDevicesAreAttributedWithTheirMemoryAndReportNoUtilization() {
        FakeNvmlScenario.twoIdleGpus().mig(0, 2).play();
        kubelet.serve(pod("lab", "mig-user", container("main", devices("nvidia.com/mig-1g.10gb", migUuid(0, 1)))));

        GpuAgentReport report = awaitReport(r -> r.gpus().size() == 4 && r.pods().size() == 1);

        assertThat(report.pods().get(0).devices()).singleElement().satisfies(device -> {
            assertThat(device.uuid()).isEqualTo(migUuid(0, 1));
            assertThat(device.utilization()).isNull();
            assertThat(device.memoryTotalBytes()).isEqualTo(40 * GIB);
            assertThat(device.errors()).extracting(GpuError::field, GpuError::reason).containsExactly(tuple("utilization", "NOT_SUPPORTED"));
        });
        assertThat(report.gpus()).extracting(GpuDevice::uuid, GpuDevice::parentUuid)
                .containsExactly(tuple(gpuUuid(0), null), tuple(migUuid(0, 0), gpuUuid(0)), tuple(migUuid(0, 1), gpuUuid(0)), tuple(gpuUuid(1), null));
    }

    @Test
    void aKubeletOutageLeavesThePodsUnknownNotEmptyHanded() {
        awaitReport(r -> r.pods().size() == 3);
        kubelet.fail(Status.UNAVAILABLE.withDescription("kubelet restarting"));

        GpuAgentReport report = awaitReport(r -> !r.attribution().available());

        assertThat(report.pods()).isEmpty();
        assertThat(report.attribution().message()).contains("UNAVAILABLE (kubelet restarting)");
        assertThat(report.attribution().time()).as("when the kubelet last answered").isNotNull();
        assertThat(report.gpus()).hasSize(2);
        assertThat(given().get("/q/metrics").then().extract().asString()).contains("fusion_gpu_agent_podresources_available 0.0");
    }

    @Test
    void theApiAnswersOnlyWithTheBearerToken() {
        awaitReport(r -> true);

        given().get("/gpu-agent/v1/pods").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").get("/gpu-agent/v1/pods").then().statusCode(401);
    }

    private static JsonPath gpuAgentCheck() {
        List<Map<String, Object>> checks = given().get("/q/health/ready").then().extract().jsonPath().getList("checks");
        Map<String, Object> check = checks.stream().filter(c -> "gpu-agent".equals(c.get("name"))).findFirst().orElseThrow();
        return new JsonPath(toJson(check));
    }

    private static GpuAgentReport report() {
        String body = given().header("Authorization", "Bearer " + GpuAgentProfile.TOKEN).get("/gpu-agent/v1/pods")
                .then().statusCode(200).extract().asString();
        try {
            return JSON.readValue(body, GpuAgentReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first report that satisfies the condition (the agent samples every 200 ms). */
    private static GpuAgentReport awaitReport(Predicate<GpuAgentReport> condition) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(GpuAgentEndToEndWiringTest::report, condition);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
