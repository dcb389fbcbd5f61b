package io.fusionscaler.gpuagent.podresources;

/**
 * One device the kubelet allocated to one container.
 *
 * @param resource the extended resource name ({@code nvidia.com/gpu}, {@code nvidia.com/mig-1g.10gb}, ...)
 * @param deviceId the id as the kubelet gives it
 * @param uuid     the device's NVML uuid: {@code deviceId} without a time-slicing {@code ::<n>} suffix
 */
public record DeviceAssignment(String namespace, String pod, String container, String resource, String deviceId, String uuid) {
}
