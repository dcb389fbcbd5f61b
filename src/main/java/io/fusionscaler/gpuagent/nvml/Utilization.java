package io.fusionscaler.gpuagent.nvml;

/**
 * {@code nvmlUtilization_t}: percent of the last sample period (1/6 s to 1 s) during which a kernel ran
 * ({@code gpu}) and device memory was read or written ({@code memory}).
 */
public record Utilization(int gpuPercent, int memoryPercent) {
}
