package io.fusionscaler.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the engine runs lanes and keeps trackers. Each signal's refresh interval, refresh budget and staleness
 * limit are that signal's own settings ({@code fusion.<signal>.*}).
 */
@ConfigMapping(prefix = "fusion.engine")
public interface EngineConfig {

    /** Worker threads that refresh lanes; a lane waiting for a worker keeps its last data until that goes stale. */
    @WithDefault("8")
    int refreshThreads();

    /** How often idle trackers are dropped and trackers whose data just went stale are re-decided. */
    @WithDefault("1s")
    Duration sweepInterval();

    /** A tracker not asked about for this long is dropped, with its metrics and source state. */
    @WithDefault("10m")
    Duration trackerIdleTimeout();

    /**
     * How long the first GetMetrics/IsActive for a new tracker may wait for its first refresh, so that a
     * freshly (re)started replica answers rather than failing KEDA's first poll. Also bounded by the call's deadline.
     */
    @WithDefault("2s")
    Duration firstRefreshWait();
}
