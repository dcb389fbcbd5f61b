package io.fusionscaler.gpuagent.api;

import java.util.List;

/**
 * One device one container holds, with its figures.
 *
 * @param container        the container's name
 * @param resource         the extended resource it was allocated as ({@code nvidia.com/gpu}, {@code nvidia.com/mig-1g.10gb}, ...)
 * @param deviceId         the id as the kubelet gives it ({@code GPU-<uuid>::2} when time-sliced)
 * @param uuid             the device's uuid (the id without the {@code ::n} replica suffix)
 * @param shared           more than one pod holds this device (time-slicing): the figures are the whole device's
 * @param utilization      the device's utilization, 0..1; null when unavailable
 * @param memoryUsedBytes  the device's used memory
 * @param memoryTotalBytes the device's memory
 * @param errors           why figures are missing (the device's own errors, or {@code NOT_FOUND} when NVML does not
 *                         show it, or NVML's reason when NVML is unavailable)
 */
public record PodDevice(String container, String resource, String deviceId, String uuid, boolean shared,
                        Double utilization, Long memoryUsedBytes, Long memoryTotalBytes, List<GpuError> errors) {
}
