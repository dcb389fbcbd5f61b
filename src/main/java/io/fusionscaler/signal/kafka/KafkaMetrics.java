package io.fusionscaler.signal.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The Kafka source's meters. Prometheus shows them as {@code fusion_kafka_refresh_duration_seconds} and
 * {@code fusion_kafka_refresh_errors_total}, tagged with the cluster's name or {@code bootstrap:<first server>}.
 */
final class KafkaMetrics {

    static final String REFRESH_DURATION = "fusion.kafka.refresh.duration";
    static final String REFRESH_ERRORS = "fusion.kafka.refresh.errors";
    static final String CLUSTER_TAG = "cluster";

    private final MeterRegistry registry;

    KafkaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Timer refreshDuration(KafkaClusterRef cluster) {
        return Timer.builder(REFRESH_DURATION)
                .description("Time to refresh the lag of every trigger on one Kafka cluster")
                .tag(CLUSTER_TAG, cluster.metricTag())
                .register(registry);
    }

    Counter refreshErrors(KafkaClusterRef cluster) {
        return Counter.builder(REFRESH_ERRORS)
                .description("Refreshes of one Kafka cluster that failed for the whole cluster or for some groups, topics or partitions")
                .tag(CLUSTER_TAG, cluster.metricTag())
                .register(registry);
    }
}
