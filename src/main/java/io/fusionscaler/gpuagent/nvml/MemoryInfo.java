package io.fusionscaler.gpuagent.nvml;

/**
 * Device memory in bytes. From {@code nvmlMemory_v2_t}, the driver's reserved part is neither used nor free; from
 * {@code nvmlMemory_t} (older drivers) used includes it.
 */
public record MemoryInfo(long totalBytes, long usedBytes, long freeBytes) {
}
