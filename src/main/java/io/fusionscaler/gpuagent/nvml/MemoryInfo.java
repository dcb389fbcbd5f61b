package io.fusionscaler.gpuagent.nvml;

/** Device memory in bytes ({@code nvmlMemory_v2_t}, or {@code nvmlMemory_t} on older drivers); used includes reserved. */
public record MemoryInfo(long totalBytes, long usedBytes, long freeBytes) {
}
