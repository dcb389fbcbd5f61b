package io.fusionscaler.gpuagent.api;

import java.util.List;

/**
 * A pod and the GPUs its containers hold.
 *
 * @param namespace        the pod's namespace
 * @param pod              the pod's name (the kubelet gives no UID)
 * @param utilization      mean utilization over the distinct devices that have one, 0..1; null when none has
 * @param memoryUsedBytes  sum over the distinct devices with memory figures; null when none has
 * @param memoryTotalBytes sum over the same devices
 * @param complete         every device of the pod has a utilization: {@code utilization} covers all its GPUs
 * @param devices          one entry per container and device
 */
public record PodGpus(String namespace, String pod, Double utilization, Long memoryUsedBytes, Long memoryTotalBytes,
                      boolean complete, List<PodDevice> devices) {
}
