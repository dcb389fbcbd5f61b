package io.fusionscaler.gpuagent.api;

import java.util.List;

/**
 * A GPU, or a MIG device of one.
 *
 * @param uuid               {@code GPU-...} or {@code MIG-...}; null when NVML gave no handle for this index
 * @param index              NVML's index (not CUDA's): of the GPU, or of the MIG device within its GPU
 * @param name               the product name
 * @param parentUuid         for a MIG device, its GPU's uuid; null for a GPU
 * @param migEnabled         MIG is on for this GPU (always true for a MIG device): NVML reports no utilization then
 * @param utilization        share of the last sample period during which a kernel ran, 0..1; null when unavailable
 *                           (always for MIG: NVML does not measure it there)
 * @param memoryUsedBytes    allocated device memory (on drivers without {@code nvmlDeviceGetMemoryInfo_v2}: plus reserved)
 * @param memoryTotalBytes   device memory
 * @param errors             why figures are missing; empty when none is
 */
public record GpuDevice(String uuid, int index, String name, String parentUuid, boolean migEnabled, Double utilization,
                        Long memoryUsedBytes, Long memoryTotalBytes, List<GpuError> errors) {
}
