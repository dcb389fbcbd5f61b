package io.fusionscaler.ops;

import io.fusionscaler.engine.LaneRefresh;
import io.fusionscaler.engine.RefreshObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/** Per signal and lane: how long refreshes take and how many had failures, the same for every source. */
@ApplicationScoped
public class SourceMetrics implements RefreshObserver {

    private final MeterRegistry registry;

    public SourceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void laneRefreshed(LaneRefresh refresh) {
        Timer.builder(MetricNames.SOURCE_REFRESH_DURATION.name())
                .description(MetricNames.SOURCE_REFRESH_DURATION.help())
                .tags("signal", refresh.signal(), "lane", refresh.lane())
                .register(registry).record(refresh.took());
        // Registered at 0 on the first refresh, so the series exists before the first error.
        Counter errors = Counter.builder(MetricNames.SOURCE_REFRESH_ERRORS.name())
                .description(MetricNames.SOURCE_REFRESH_ERRORS.help())
                .tags("signal", refresh.signal(), "lane", refresh.lane())
                .register(registry);
        if (refresh.failed() > 0) {
            errors.increment();
        }
    }
}
