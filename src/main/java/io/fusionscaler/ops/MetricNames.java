package io.fusionscaler.ops;

/** Every Prometheus metric of the engine, in one place. Micrometer turns dots into underscores. */
final class MetricNames {

    record Description(String name, String unit, String help) {
    }

    static final Description DESIRED_REPLICAS = new Description("fusion.tracker.desired.replicas", null,
            "Replicas the fused signal asks for (NaN while a signal is unknown)");
    static final Description ACTIVE = new Description("fusion.tracker.active", null,
            "1 when the trigger is active, 0 when not, NaN while a signal is unknown");
    static final Description SIGNAL_VALUE = new Description("fusion.tracker.signal.value", null,
            "A signal's headline figure (kafka: consumer lag in messages)");
    static final Description SIGNAL_DESIRED_REPLICAS = new Description("fusion.tracker.signal.desired.replicas", null,
            "Replicas one signal asks for");
    static final Description SIGNAL_STALENESS = new Description("fusion.tracker.signal.staleness", "seconds",
            "Time since the signal's last successful refresh");
    static final Description TRACKERS = new Description("fusion.trackers", null, "Triggers currently tracked");
    static final Description STREAMS = new Description("fusion.streams.open", null, "Open StreamIsActive and StreamMetricSpec calls");
    static final Description REFRESH_PASS = new Description("fusion.refresh.lane.duration", "seconds",
            "Duration of the most recent batched refresh of one lane (one source and, for Kafka, one cluster)");

    private MetricNames() {
    }
}
