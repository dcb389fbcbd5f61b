package io.fusionscaler.gpuagent.api;

import java.time.Instant;

/**
 * The kubelet's PodResources answer behind {@link GpuAgentReport#pods()}.
 *
 * @param available the last List call succeeded; when false the pods list is empty (unknown, not "no pods")
 * @param message   why it failed (gRPC status and description); null when it worked
 * @param time      when the kubelet last answered; null if never
 */
public record AttributionStatus(boolean available, String message, Instant time) {
}
