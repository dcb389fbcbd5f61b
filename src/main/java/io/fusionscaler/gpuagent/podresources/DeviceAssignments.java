package io.fusionscaler.gpuagent.podresources;

import io.fusionscaler.gpuagent.podresources.proto.ContainerDevices;
import io.fusionscaler.gpuagent.podresources.proto.ContainerResources;
import io.fusionscaler.gpuagent.podresources.proto.ListPodResourcesResponse;
import io.fusionscaler.gpuagent.podresources.proto.PodResources;

import java.util.ArrayList;
import java.util.List;

/** The GPU devices of a PodResources List answer, one {@link DeviceAssignment} per container and device id. */
public final class DeviceAssignments {

    /** NVIDIA's device plugin names each time-sliced replica of a GPU {@code <uuid>::<n>}. */
    private static final String REPLICA_SEPARATOR = "::";

    private DeviceAssignments() {
    }

    public static List<DeviceAssignment> of(ListPodResourcesResponse response, GpuResourceNames gpuResources) {
        List<DeviceAssignment> assignments = new ArrayList<>();
        for (PodResources pod : response.getPodResourcesList()) {
            for (ContainerResources container : pod.getContainersList()) {
                for (ContainerDevices devices : container.getDevicesList()) {
                    if (!gpuResources.isGpu(devices.getResourceName())) {
                        continue;
                    }
                    for (String id : devices.getDeviceIdsList()) {
                        assignments.add(new DeviceAssignment(pod.getNamespace(), pod.getName(), container.getName(),
                                devices.getResourceName(), id, uuidOf(id)));
                    }
                }
            }
        }
        return assignments;
    }

    /** The NVML uuid behind a device id: {@code GPU-x::3} is {@code GPU-x}; MIG ids are kept as they are. */
    static String uuidOf(String deviceId) {
        int replica = deviceId.indexOf(REPLICA_SEPARATOR);
        return replica < 0 ? deviceId : deviceId.substring(0, replica);
    }
}
