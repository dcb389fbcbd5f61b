/**
 * The gpu-agent's wire format: the JSON of {@code GET /gpu-agent/v1/pods} (Jackson maps these records both ways),
 * shared with the scaler that reads it. Figures are in base units: utilization as a ratio 0..1, memory in bytes.
 * A figure that could not be read is {@code null}, and an error says why (an NVML return code by name).
 */
package io.fusionscaler.gpuagent.api;
