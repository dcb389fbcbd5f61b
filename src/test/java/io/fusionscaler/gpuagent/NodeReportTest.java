package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.api.AttributionStatus;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.GpuError;
import io.fusionscaler.gpuagent.api.NvmlStatus;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;
import io.fusionscaler.gpuagent.podresources.Attribution;
import io.fusionscaler.gpuagent.podresources.DeviceAssignment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

/** How one NVML pass and the kubelet's allocations become the per-pod figures the agent serves. */
class NodeReportTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final NvmlStatus NVML_OK = new NvmlStatus(true, null, null, "550", 0, null);
    private static final GpuError LOST = new GpuError("device", "GPU_IS_LOST", "lost");

    private static GpuDevice gpu(String uuid, int index, Double utilization, Long used, GpuError... errors) {
        return new GpuDevice(uuid, index, "GPU", null, false, utilization, used, used == null ? null : 100L, List.of(errors));
    }

    private static DeviceAssignment held(String pod, String container, String deviceId) {
        return new DeviceAssignment("ml", pod, container, "nvidia.com/gpu", deviceId, deviceId.replaceAll("::.*", ""));
    }

    private static GpuAgentReport report(NvmlStatus nvml, List<GpuDevice> gpus, DeviceAssignment... assignments) {
        return NodeReport.of("node-a", new NvmlSample(NOW, nvml, gpus, List.of()), new Attribution.Listed(List.of(assignments)), NOW);
    }

    @Test
    void aPodsUtilizationIsTheMeanOverItsDistinctGpusAndItsMemoryTheSum() {
        GpuAgentReport report = report(NVML_OK, List.of(gpu("GPU-a", 0, 0.2, 10L), gpu("GPU-b", 1, 0.6, 30L), gpu("GPU-c", 2, 0.9, 5L)),
                held("trainer", "main", "GPU-a"), held("trainer", "main", "GPU-b"), held("trainer", "side", "GPU-b"));

        assertThat(report.node()).isEqualTo("node-a");
        assertThat(report.sampleTime()).isEqualTo(NOW);
        assertThat(report.attribution()).isEqualTo(new AttributionStatus(true, null, NOW));
        assertThat(report.gpus()).hasSize(3);
        assertThat(report.pods()).singleElement().satisfies(pod -> {
            assertThat(pod.pod()).isEqualTo("trainer");
            assertThat(pod.utilization()).isCloseTo(0.4, offset(1e-9));
            assertThat(pod.memoryUsedBytes()).isEqualTo(40L);
            assertThat(pod.memoryTotalBytes()).isEqualTo(200L);
            assertThat(pod.complete()).isTrue();
            assertThat(pod.devices()).extracting(PodDevice::container, PodDevice::uuid, PodDevice::utilization, PodDevice::shared)
                    .containsExactly(tuple("main", "GPU-a", 0.2, false), tuple("main", "GPU-b", 0.6, false), tuple("side", "GPU-b", 0.6, false));
        });
    }

    @Test
    void aTimeSlicedGpuIsSharedByItsPodsEachSeeingTheWholeGpu() {
        GpuAgentReport report = report(NVML_OK, List.of(gpu("GPU-a", 0, 0.5, 10L)),
                held("a", "c", "GPU-a::1"), held("b", "c", "GPU-a::2"), held("b", "c", "GPU-a::3"));

        assertThat(report.pods()).extracting(PodGpus::pod, PodGpus::utilization, PodGpus::memoryUsedBytes).containsExactly(
                tuple("a", 0.5, 10L), tuple("b", 0.5, 10L));
        assertThat(report.pods()).flatExtracting(PodGpus::devices).extracting(PodDevice::deviceId, PodDevice::shared)
                .containsExactly(tuple("GPU-a::1", true), tuple("GPU-a::2", true), tuple("GPU-a::3", true));
    }

    @Test
    void aPodWithAGpuWithoutUtilizationIsIncompleteAndAveragesTheRest() {
        GpuAgentReport report = report(NVML_OK, List.of(gpu("GPU-a", 0, 0.8, 10L), gpu("GPU-b", 1, null, null, LOST)),
                held("p", "c", "GPU-a"), held("p", "c", "GPU-b"), held("q", "c", "GPU-b"));

        assertThat(report.pods()).extracting(PodGpus::pod, PodGpus::utilization, PodGpus::complete, PodGpus::memoryUsedBytes)
                .containsExactly(tuple("p", 0.8, false, 10L), tuple("q", null, false, null));
        assertThat(report.pods().get(1).devices().get(0).errors()).containsExactly(LOST);
    }

    @Test
    void aHeldDeviceNvmlDoesNotShowIsNotFoundAndWhileNvmlIsUnavailableCarriesNvmlsReason() {
        GpuAgentReport visible = report(NVML_OK, List.of(), held("p", "c", "GPU-gone"));
        NvmlStatus down = new NvmlStatus(false, "LIB_RM_VERSION_MISMATCH", "mismatch", null, 0, NOW);
        GpuAgentReport unavailable = report(down, List.of(), held("p", "c", "GPU-gone"));

        assertThat(visible.pods().get(0).devices().get(0).errors()).containsExactly(new GpuError("device", "NOT_FOUND", NodeReport.NOT_VISIBLE));
        assertThat(unavailable.nvml()).isEqualTo(down);
        assertThat(unavailable.pods().get(0).devices().get(0).errors())
                .containsExactly(new GpuError("device", "LIB_RM_VERSION_MISMATCH", "mismatch"));
        assertThat(unavailable.pods().get(0).utilization()).isNull();
    }

    @Test
    void withoutTheKubeletNoPodIsListedAndAttributionSaysWhy() {
        Instant earlier = NOW.minusSeconds(30);
        GpuAgentReport report = NodeReport.of("node-a", new NvmlSample(NOW, NVML_OK, List.of(gpu("GPU-a", 0, 0.1, 1L)), List.of()),
                new Attribution.Failed("UNAVAILABLE"), earlier);

        assertThat(report.pods()).isEmpty();
        assertThat(report.gpus()).hasSize(1);
        assertThat(report.attribution()).isEqualTo(new AttributionStatus(false, "UNAVAILABLE", earlier));
    }

    @Test
    void aReportIsAgedWhenServed() {
        GpuAgentReport report = report(NVML_OK, List.of());

        assertThat(report.at(NOW.plusMillis(750)).sampleAgeMillis()).isEqualTo(750);
        assertThat(report.at(NOW.minusMillis(5)).sampleAgeMillis()).as("never negative").isZero();
    }
}
