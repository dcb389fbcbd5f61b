package io.fusionscaler.gpuagent.podresources;

import java.util.List;

/** The kubelet's answer: the GPU devices held by containers, or why it could not be had. */
public sealed interface Attribution {

    record Listed(List<DeviceAssignment> assignments) implements Attribution {
    }

    record Failed(String message) implements Attribution {
    }
}
