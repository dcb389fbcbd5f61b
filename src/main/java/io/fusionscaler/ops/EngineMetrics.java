package io.fusionscaler.ops;

import io.fusionscaler.engine.RefreshLoop;
import io.fusionscaler.engine.TrackerRegistry;
import io.fusionscaler.keda.OpenStreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Engine-wide gauges: how many trackers and streams, how long a refresh pass takes. */
@ApplicationScoped
public class EngineMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, TrackerRegistry trackers, OpenStreams streams, RefreshLoop loop) {
        Gauge.builder(MetricNames.TRACKERS.name(), trackers, TrackerRegistry::size)
                .description(MetricNames.TRACKERS.help()).register(registry);
        Gauge.builder(MetricNames.STREAMS.name(), streams, OpenStreams::count)
                .description(MetricNames.STREAMS.help()).register(registry);
        Gauge.builder(MetricNames.REFRESH_PASS.name(), loop, l -> l.lastLaneDuration().toNanos() / 1e9)
                .description(MetricNames.REFRESH_PASS.help()).baseUnit(MetricNames.REFRESH_PASS.unit()).register(registry);
    }
}
