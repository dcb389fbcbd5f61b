package io.fusionscaler.target;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One pod as the pod-based signals need it.
 *
 * @param deleting   it has a deletion timestamp (terminating)
 * @param readiness  its {@code Ready} condition; empty when the pod has none yet
 * @param startTime  {@code status.startTime}; empty before the kubelet accepted it
 * @param podIp      {@code status.podIP}; empty before it has one
 * @param containers its containers and its restartable init containers (sidecars), which the HPA counts too
 * @param podRequestsMilli pod-level {@code spec.resources.requests} (Kubernetes' PodLevelResources), by resource name,
 *                   in thousandths of the unit (Kubernetes' {@code MilliValue()}); empty when not set
 */
public record TargetPod(String namespace, String name, Map<String, String> labels, PodPhase phase, boolean deleting,
        Optional<Readiness> readiness, Optional<Instant> startTime, Optional<String> podIp, List<Container> containers,
        Map<String, Long> podRequestsMilli) {

    /**
     * A container and what it requests.
     *
     * @param requestsMilli {@code resources.requests} by resource name ({@code cpu}, {@code memory}), in thousandths
     *                      of the unit (Kubernetes' {@code MilliValue()}: 250m CPU → 250, 1Ki memory → 1024000)
     */
    public record Container(String name, Map<String, Long> requestsMilli) {
        public Container {
            Objects.requireNonNull(name, "name");
            requestsMilli = Map.copyOf(requestsMilli);
        }
    }

    public TargetPod {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(podIp, "podIp");
        containers = List.copyOf(containers);
        podRequestsMilli = Map.copyOf(podRequestsMilli);
    }

    /** Running, Ready and not terminating: a pod that serves. */
    public boolean serving() {
        return phase == PodPhase.RUNNING && !deleting && readiness.map(Readiness::ready).orElse(false);
    }
}
