package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.api.AttributionStatus;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.GpuError;
import io.fusionscaler.gpuagent.api.NvmlStatus;
import io.fusionscaler.gpuagent.api.PodDevice;
import io.fusionscaler.gpuagent.api.PodGpus;
import io.fusionscaler.gpuagent.podresources.Attribution;
import io.fusionscaler.gpuagent.podresources.DeviceAssignment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Joins one NVML pass with the kubelet's device allocations into the report the agent serves. */
final class NodeReport {

    static final String NOT_VISIBLE = "NVML shows no device with this uuid: lost, removed, or not visible to the agent"
            + " (run it with NVIDIA_VISIBLE_DEVICES=all)";

    private NodeReport() {
    }

    /**
     * @param lastListed when the kubelet last answered (for {@link AttributionStatus#time()}); null if never
     */
    static GpuAgentReport of(String node, NvmlSample nvml, Attribution attribution, Instant lastListed) {
        Map<String, GpuDevice> devices = new HashMap<>();
        for (GpuDevice device : nvml.devices()) {
            if (device.uuid() != null) {
                devices.put(device.uuid(), device);
            }
        }
        List<PodGpus> pods = new ArrayList<>();
        AttributionStatus status;
        if (attribution instanceof Attribution.Listed listed) {
            status = new AttributionStatus(true, null, lastListed);
            Set<String> shared = sharedUuids(listed.assignments());
            byPod(listed.assignments()).forEach((pod, assignments) ->
                    pods.add(pod(assignments, devices, shared, nvml.status())));
        } else {
            status = new AttributionStatus(false, ((Attribution.Failed) attribution).message(), lastListed);
        }
        return new GpuAgentReport(node, nvml.time(), 0, nvml.status(), status, pods, nvml.devices());
    }

    private static PodGpus pod(List<DeviceAssignment> assignments, Map<String, GpuDevice> devices, Set<String> shared, NvmlStatus nvml) {
        List<PodDevice> podDevices = new ArrayList<>();
        Map<String, PodDevice> distinct = new LinkedHashMap<>();
        for (DeviceAssignment assignment : assignments) {
            PodDevice device = podDevice(assignment, devices.get(assignment.uuid()), shared.contains(assignment.uuid()), nvml);
            podDevices.add(device);
            distinct.putIfAbsent(device.uuid(), device);
        }
        double utilizationSum = 0;
        int withUtilization = 0;
        long used = 0;
        long total = 0;
        int withMemory = 0;
        for (PodDevice device : distinct.values()) {
            if (device.utilization() != null) {
                utilizationSum += device.utilization();
                withUtilization++;
            }
            if (device.memoryUsedBytes() != null && device.memoryTotalBytes() != null) {
                used += device.memoryUsedBytes();
                total += device.memoryTotalBytes();
                withMemory++;
            }
        }
        DeviceAssignment first = assignments.get(0);
        return new PodGpus(first.namespace(), first.pod(),
                withUtilization == 0 ? null : utilizationSum / withUtilization,
                withMemory == 0 ? null : used, withMemory == 0 ? null : total,
                withUtilization == distinct.size(), podDevices);
    }

    private static PodDevice podDevice(DeviceAssignment assignment, GpuDevice device, boolean shared, NvmlStatus nvml) {
        if (device != null) {
            return new PodDevice(assignment.container(), assignment.resource(), assignment.deviceId(), assignment.uuid(), shared,
                    device.utilization(), device.memoryUsedBytes(), device.memoryTotalBytes(), device.errors());
        }
        GpuError error = nvml.available()
                ? new GpuError("device", "NOT_FOUND", NOT_VISIBLE)
                : new GpuError("device", nvml.reason(), nvml.message());
        return new PodDevice(assignment.container(), assignment.resource(), assignment.deviceId(), assignment.uuid(), shared,
                null, null, null, List.of(error));
    }

    /** Devices held by more than one pod (time-slicing): their figures are the whole device's, not the pod's. */
    private static Set<String> sharedUuids(List<DeviceAssignment> assignments) {
        Map<String, String> firstHolder = new HashMap<>();
        Set<String> shared = new HashSet<>();
        for (DeviceAssignment assignment : assignments) {
            String holder = assignment.namespace() + '/' + assignment.pod();
            String previous = firstHolder.putIfAbsent(assignment.uuid(), holder);
            if (previous != null && !Objects.equals(previous, holder)) {
                shared.add(assignment.uuid());
            }
        }
        return shared;
    }

    private static Map<String, List<DeviceAssignment>> byPod(List<DeviceAssignment> assignments) {
        Map<String, List<DeviceAssignment>> pods = new TreeMap<>();
        for (DeviceAssignment assignment : assignments) {
            pods.computeIfAbsent(assignment.namespace() + '/' + assignment.pod(), key -> new ArrayList<>()).add(assignment);
        }
        return pods;
    }
}
