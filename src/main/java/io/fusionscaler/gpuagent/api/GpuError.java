package io.fusionscaler.gpuagent.api;

/**
 * Why a figure is missing.
 *
 * @param field   what could not be read: {@code device} (the GPU as a whole), {@code utilization} or {@code memory}
 * @param reason  an NVML return code by name ({@code GPU_IS_LOST}, {@code NOT_SUPPORTED}, {@code NO_PERMISSION},
 *                ...), or {@code NOT_FOUND} for a device a pod holds that NVML does not show
 * @param message the NVML function and its text, or an explanation
 */
public record GpuError(String field, String reason, String message) {
}
