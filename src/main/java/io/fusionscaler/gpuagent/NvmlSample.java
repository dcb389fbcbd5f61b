package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.NvmlStatus;
import io.fusionscaler.gpuagent.nvml.NvmlResult;

import java.time.Instant;
import java.util.List;

/**
 * One pass over NVML.
 *
 * @param time     when the figures were read
 * @param status   the session's state after the pass
 * @param devices  every GPU and MIG device read (empty while NVML is unavailable)
 * @param failures every NVML call of the pass that failed, for the error counters
 */
record NvmlSample(Instant time, NvmlStatus status, List<GpuDevice> devices, List<NvmlResult.Failed<?>> failures) {
}
