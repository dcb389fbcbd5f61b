package io.fusionscaler.gpuagent.podresources;

import io.fusionscaler.gpuagent.podresources.proto.ListPodResourcesResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.fusionscaler.gpuagent.podresources.FakeKubelet.container;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.devices;
import static io.fusionscaler.gpuagent.podresources.FakeKubelet.pod;
import static org.assertj.core.api.Assertions.assertThat;

class DeviceAssignmentsTest {

    @Test
    void everyGpuIdOfEveryContainerIsOneAssignmentWithTheTimeSlicingSuffixStrippedAndMigIdsKept() {
        ListPodResourcesResponse response = ListPodResourcesResponse.newBuilder()
                .addPodResources(pod("ml", "trainer-0",
                        container("main", devices("nvidia.com/gpu", "GPU-a", "GPU-b")),
                        container("sidecar")))
                .addPodResources(pod("ml", "shared-1", container("infer", devices("nvidia.com/gpu", "GPU-c::1", "GPU-c::12"))))
                .addPodResources(pod("lab", "mig-0", container("main", devices("nvidia.com/mig-1g.10gb", "MIG-d"))))
                .build();

        assertThat(DeviceAssignments.of(response, new GpuResourceNames(List.of()))).containsExactly(
                new DeviceAssignment("ml", "trainer-0", "main", "nvidia.com/gpu", "GPU-a", "GPU-a"),
                new DeviceAssignment("ml", "trainer-0", "main", "nvidia.com/gpu", "GPU-b", "GPU-b"),
                new DeviceAssignment("ml", "shared-1", "infer", "nvidia.com/gpu", "GPU-c::1", "GPU-c"),
                new DeviceAssignment("ml", "shared-1", "infer", "nvidia.com/gpu", "GPU-c::12", "GPU-c"),
                new DeviceAssignment("lab", "mig-0", "main", "nvidia.com/mig-1g.10gb", "MIG-d", "MIG-d"));
    }

    @Test
    void otherResourcesAreLeftOutUnlessConfiguredAsGpusExactlyOrByPrefix() {
        ListPodResourcesResponse response = ListPodResourcesResponse.newBuilder()
                .addPodResources(pod("ns", "p", container("c",
                        devices("example.com/fpga", "fpga-0"),
                        devices("nvidia.com/gpu.shared", "GPU-s::2"),
                        devices("acme.com/gpu-large", "GPU-l"),
                        devices("nvidia.com/gpu-extra", "GPU-x"))))
                .build();

        assertThat(DeviceAssignments.of(response, new GpuResourceNames(List.of()))).isEmpty();
        assertThat(DeviceAssignments.of(response, new GpuResourceNames(List.of("nvidia.com/gpu.shared", " acme.com/gpu-* "))))
                .extracting(DeviceAssignment::uuid).containsExactly("GPU-s", "GPU-l");
    }
}
