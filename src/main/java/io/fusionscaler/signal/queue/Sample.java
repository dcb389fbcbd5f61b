package io.fusionscaler.signal.queue;

import java.util.Map;
import java.util.Objects;

/** One line of a Prometheus text page: a series (metric name and labels) and its value. */
public record Sample(String name, Map<String, String> labels, double value) {

    public Sample {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
    }

    /** Whether every given label has exactly that value here ({@code ""} matches a missing label, as in PromQL). */
    public boolean hasLabels(Map<String, String> wanted) {
        for (Map.Entry<String, String> label : wanted.entrySet()) {
            if (!labels.getOrDefault(label.getKey(), "").equals(label.getValue())) {
                return false;
            }
        }
        return true;
    }
}
