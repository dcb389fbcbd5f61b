package io.fusionscaler.gpuagent.nvml;

/** NVML's opaque {@code nvmlDevice_t}, as the address NVML gave; valid until {@code nvmlShutdown}. */
public record DeviceHandle(long address) {
}
