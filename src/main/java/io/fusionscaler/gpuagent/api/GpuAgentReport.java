package io.fusionscaler.gpuagent.api;

import java.time.Instant;
import java.util.List;

/**
 * One agent's view of its node: every GPU (and MIG device) NVML sees, and every pod holding one of them.
 *
 * @param node            the node name ({@code fusion.gpu-agent.node-name}, the downward API's {@code spec.nodeName})
 * @param sampleTime      when the figures below were read
 * @param sampleAgeMillis how old they were when this answer was made (independent of clock skew between nodes)
 * @param nvml            whether NVML works at all on this node, and if not, why
 * @param attribution     whether the kubelet told us which pod holds which GPU
 * @param pods            the pods holding GPUs, by namespace and name
 * @param gpus            the devices NVML reports, GPUs by index, each followed by its MIG devices
 */
public record GpuAgentReport(String node, Instant sampleTime, long sampleAgeMillis, NvmlStatus nvml,
                             AttributionStatus attribution, List<PodGpus> pods, List<GpuDevice> gpus) {

    /** The same report, aged as of {@code now}. */
    public GpuAgentReport at(Instant now) {
        long age = Math.max(0, now.toEpochMilli() - sampleTime.toEpochMilli());
        return new GpuAgentReport(node, sampleTime, age, nvml, attribution, pods, gpus);
    }
}
