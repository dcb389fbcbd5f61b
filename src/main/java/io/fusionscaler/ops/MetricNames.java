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
            "A signal's headline figure, unit by signal (kafka: consumer lag in messages); NaN while absent or unknown");
    static final Description SIGNAL_DESIRED_REPLICAS = new Description("fusion.tracker.signal.desired.replicas", null,
            "Replicas one signal asks for; NaN while absent or unknown");
    static final Description SIGNAL_COVERAGE = new Description("fusion.tracker.signal.coverage.ratio", null,
            "Share of the signal's target its reading covers (e.g. pods that answered); NaN while absent or unknown");
    static final Description SIGNAL_ABSENT = new Description("fusion.tracker.signal.absent", null,
            "1 while the signal has nothing to measure (its target has 0 replicas) and takes no part in the decision");
    static final Description SIGNAL_STALENESS = new Description("fusion.tracker.signal.staleness", "seconds",
            "Age of the signal's data (since it was observed)");
    static final Description KAFKA_STALLED_PARTITIONS = new Description("fusion.tracker.kafka.stalled.partitions", null,
            "Partitions of a Kafka trigger whose committed offset has not moved, with lag, for fusion.kafka.persistent-lag-window "
                    + "(stuck consumers); NaN while unknown");
    static final Description GPU_UTILIZATION = new Description("fusion.tracker.gpu.utilization", "ratio",
            "Utilization of one GPU held by one pod of a GPU trigger's target, as the trigger's reading used it (a pod's is the mean "
                    + "over its GPUs), 0..1; NaN while the signal is not measured or the GPU has no figure");
    static final Description TRACKERS = new Description("fusion.trackers", null, "Triggers currently tracked");
    static final Description LANES = new Description("fusion.lanes", null, "Refresh lanes (one source and, for Kafka, one cluster)");
    static final Description STREAMS = new Description("fusion.streams.open", null, "Open StreamIsActive and StreamMetricSpec calls");
    static final Description DECISIONS = new Description("fusion.decisions", null,
            "Decisions re-made because a lane refreshed or data went stale");
    static final Description SOURCE_REFRESH_DURATION = new Description("fusion.source.refresh.duration", "seconds",
            "Time to refresh every spec of one lane of one signal");
    static final Description SOURCE_REFRESH_ERRORS = new Description("fusion.source.refresh.errors", null,
            "Lane refreshes in which at least one spec failed, the lane overran its budget, or the source broke");
    static final Description WAKE_WATCHED_PARTITIONS = new Description("fusion.kafka.wake.watched.partitions", null,
            "Partitions of idle triggers the cluster's wake-up watch follows");
    static final Description WAKE_UNWATCHED_PARTITIONS = new Description("fusion.kafka.wake.unwatched.partitions", null,
            "Partitions of idle triggers left out by fusion.kafka.wake.max-partitions: they wake at the next refresh");
    static final Description WAKE_UPS = new Description("fusion.kafka.wake.ups", null,
            "Idle triggers refreshed at once because a record arrived on a partition they watch");

    private MetricNames() {
    }
}
