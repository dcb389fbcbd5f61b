package io.fusionscaler.signal.gpu;

import java.util.List;
import java.util.Objects;

/**
 * One covered pod of a GPU trigger's target as its reading lists it (under {@link GpuTrigger#COVERED_PODS}): the explain
 * view shows it, the per-GPU metrics read it.
 *
 * @param utilizationPercent the pod's utilization: the mean over its GPUs that have a figure
 * @param complete           whether every GPU of the pod has a figure
 */
public record CoveredPod(String pod, String node, String agent, double utilizationPercent, List<HeldGpu> gpus, boolean complete) {

    public CoveredPod {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(node, "node");
        gpus = List.copyOf(gpus);
    }

    /**
     * One GPU the pod holds.
     *
     * @param utilizationPercent null when its agent has no figure for it (an NVML error, MIG)
     * @param shared             whether it is time-sliced between pods
     */
    public record HeldGpu(String uuid, String container, Double utilizationPercent, Long memoryUsedBytes, boolean shared) {

        public HeldGpu {
            Objects.requireNonNull(uuid, "uuid");
        }
    }
}
