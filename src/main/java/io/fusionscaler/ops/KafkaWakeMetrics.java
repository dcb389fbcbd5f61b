package io.fusionscaler.ops;

import io.fusionscaler.engine.LaneRefresh;
import io.fusionscaler.engine.RefreshObserver;
import io.fusionscaler.signal.kafka.IdleTriggerWatch;
import io.fusionscaler.signal.kafka.KafkaTrigger;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.ToDoubleFunction;

/** Per Kafka cluster: what its wake-up watch follows and how often it woke a trigger; registered at its lane's first refresh. */
@ApplicationScoped
public class KafkaWakeMetrics implements RefreshObserver {

    private final MeterRegistry registry;
    private final IdleTriggerWatch watch;

    public KafkaWakeMetrics(MeterRegistry registry, IdleTriggerWatch watch) {
        this.registry = registry;
        this.watch = watch;
    }

    @Override
    public void laneRefreshed(LaneRefresh refresh) {
        if (!KafkaTrigger.SIGNAL.equals(refresh.signal())) {
            return;
        }
        String cluster = refresh.lane();
        gauge(MetricNames.WAKE_WATCHED_PARTITIONS, cluster, IdleTriggerWatch.WatchFigures::watchedPartitions);
        gauge(MetricNames.WAKE_UNWATCHED_PARTITIONS, cluster, IdleTriggerWatch.WatchFigures::unwatchedPartitions);
        FunctionCounter.builder(MetricNames.WAKE_UPS.name(), watch, w -> figure(w, cluster, IdleTriggerWatch.WatchFigures::wakeUps))
                .description(MetricNames.WAKE_UPS.help()).tag("cluster", cluster).register(registry);
    }

    private void gauge(MetricNames.Description name, String cluster, ToDoubleFunction<IdleTriggerWatch.WatchFigures> figure) {
        Gauge.builder(name.name(), watch, w -> figure(w, cluster, figure))
                .description(name.help()).tag("cluster", cluster).register(registry);
    }

    private static double figure(IdleTriggerWatch watch, String cluster, ToDoubleFunction<IdleTriggerWatch.WatchFigures> figure) {
        IdleTriggerWatch.WatchFigures figures = watch.figures().get(cluster);
        return figures == null ? 0 : figure.applyAsDouble(figures);
    }
}
