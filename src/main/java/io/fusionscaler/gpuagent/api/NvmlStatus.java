package io.fusionscaler.gpuagent.api;

import java.time.Instant;

/**
 * The NVML session of the agent.
 *
 * @param available         NVML is loaded and initialized: GPU figures come from it (each may still fail alone)
 * @param reason            why not: an NVML return code by name ({@code LIBRARY_NOT_FOUND}, {@code LIB_RM_VERSION_MISMATCH},
 *                          {@code UNINITIALIZED}, {@code DRIVER_NOT_LOADED}, ...), or the one that made the agent
 *                          re-initialize NVML ({@code GPU_IS_LOST}); null when all is well
 * @param message           what failed, in words
 * @param driverVersion     {@code nvmlSystemGetDriverVersion}, once known
 * @param reinitializations times NVML was initialized again after a failure since the agent started
 * @param nextRetry         when the agent tries to initialize NVML again; null while it works
 */
public record NvmlStatus(boolean available, String reason, String message, String driverVersion,
                         long reinitializations, Instant nextRetry) {
}
