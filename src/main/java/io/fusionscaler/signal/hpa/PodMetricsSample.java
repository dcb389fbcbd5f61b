package io.fusionscaler.signal.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pod's entry of a {@code metrics.k8s.io} PodMetrics list: usage over {@code [timestamp - window, timestamp]}.
 *
 * @param labels the pod's labels, which metrics-server copies onto its PodMetrics
 */
public record PodMetricsSample(String pod, Map<String, String> labels, Instant timestamp, Duration window,
        List<ContainerUsage> containers) {

    /**
     * One container's usage by resource name, in thousandths of the unit (Kubernetes' {@code MilliValue()}: CPU in
     * millicores, memory working set in thousandths of a byte).
     */
    public record ContainerUsage(String name, Map<String, Long> usageMilli) {
        public ContainerUsage {
            Objects.requireNonNull(name, "name");
            usageMilli = Map.copyOf(usageMilli);
        }
    }

    public PodMetricsSample {
        Objects.requireNonNull(pod, "pod");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(window, "window");
        containers = List.copyOf(containers);
    }
}
