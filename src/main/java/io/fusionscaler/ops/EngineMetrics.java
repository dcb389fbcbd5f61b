package io.fusionscaler.ops;

import io.fusionscaler.engine.RefreshLoop;
import io.fusionscaler.engine.TrackerRegistry;
import io.fusionscaler.keda.OpenStreams;
import io.fusionscaler.role.RoleComponent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Engine-wide meters: trackers, lanes, streams, decisions re-made. */
@ApplicationScoped
public class EngineMetrics implements RoleComponent.OfScaler {

    private final MeterRegistry registry;
    private final TrackerRegistry trackers;
    private final OpenStreams streams;
    private final RefreshLoop loop;

    public EngineMetrics(MeterRegistry registry, TrackerRegistry trackers, OpenStreams streams, RefreshLoop loop) {
        this.registry = registry;
        this.trackers = trackers;
        this.streams = streams;
        this.loop = loop;
    }

    @Override
    public void start() {
        Gauge.builder(MetricNames.TRACKERS.name(), trackers, TrackerRegistry::size)
                .description(MetricNames.TRACKERS.help()).register(registry);
        Gauge.builder(MetricNames.LANES.name(), loop, RefreshLoop::laneCount)
                .description(MetricNames.LANES.help()).register(registry);
        Gauge.builder(MetricNames.STREAMS.name(), streams, OpenStreams::count)
                .description(MetricNames.STREAMS.help()).register(registry);
        FunctionCounter.builder(MetricNames.DECISIONS.name(), loop, RefreshLoop::decisionsMade)
                .description(MetricNames.DECISIONS.help()).register(registry);
    }
}
