package io.fusionscaler.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the engine keeps trackers fresh. */
@ConfigMapping(prefix = "fusion.engine")
public interface EngineConfig {

    /** Pause between two background refreshes of every tracked signal. */
    @WithDefault("1s")
    Duration refreshInterval();

    /** A signal whose last successful refresh is older than this is unknown: answers become UNAVAILABLE. */
    @WithDefault("10s")
    Duration stalenessLimit();

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
