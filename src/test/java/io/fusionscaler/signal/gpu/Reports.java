package io.fusionscaler.signal.gpu;

import io.fusionscaler.gpuagent.api.AttributionStatus;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.GpuError;
import io.fusionscaler.gpuagent.api.NvmlStatus;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** gpu-agent reports as the agent serves them, for the GPU signal's tests. */
final class Reports {

    static final NvmlStatus NVML_OK = new NvmlStatus(true, null, null, "550.54.15", 0, null);

    private Reports() {
    }

    /** A device a pod holds, with its utilization as a ratio (null: none, with {@code reason} as its error). */
    static PodDevice device(String uuid, Double utilization, String reason) {
        List<GpuError> errors = reason == null ? List.of() : List.of(new GpuError("utilization", reason, reason));
        return new PodDevice("main", "nvidia.com/gpu", uuid, uuid, false, utilization, 1L << 30, 80L << 30, errors);
    }

    /** A pod and its devices; the pod's utilization is the mean over those with one, as the agent computes it. */
    static PodGpus pod(String namespace, String name, PodDevice... devices) {
        List<Double> figures = Arrays.stream(devices).map(PodDevice::utilization).filter(Objects::nonNull).toList();
        Double mean = figures.isEmpty() ? null : figures.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new PodGpus(namespace, name, mean, 1L << 30, 80L << 30, figures.size() == devices.length, List.of(devices));
    }

    /** A pod holding one GPU at {@code utilization} (a ratio). */
    static PodGpus pod(String namespace, String name, double utilization) {
        return pod(namespace, name, device("GPU-" + name, utilization, null));
    }

    static GpuAgentReport report(String node, Instant sampleTime, long ageMillis, PodGpus... pods) {
        List<GpuDevice> gpus = new ArrayList<>();
        for (PodGpus pod : pods) {
            for (PodDevice device : pod.devices()) {
                gpus.add(new GpuDevice(device.uuid(), gpus.size(), "NVIDIA H200", null, false, device.utilization(),
                        device.memoryUsedBytes(), device.memoryTotalBytes(), device.errors()));
            }
        }
        return new GpuAgentReport(node, sampleTime, ageMillis, NVML_OK, new AttributionStatus(true, null, sampleTime), List.of(pods), gpus);
    }
}
