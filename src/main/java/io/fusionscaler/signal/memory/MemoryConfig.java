package io.fusionscaler.signal.memory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The memory signal's pace and tolerance ({@code fusion.memory.*}). */
@ConfigMapping(prefix = "fusion.memory")
public interface MemoryConfig {

    /** Pause between two refreshes of a namespace's memory figures (metrics-server's resolution is 15 s). */
    @WithDefault("15s")
    Duration refreshInterval();

    /** Longest time one refresh of one namespace may take (the engine's budget for it). */
    @WithDefault("10s")
    Duration refreshBudget();

    /** Memory figures whose PodMetrics are older than this are unknown: answers that depend on them become UNAVAILABLE. */
    @WithDefault("60s")
    Duration stalenessLimit();

    /** The HPA's tolerance: a usage ratio within 1 ± this keeps the current replica count. */
    @WithDefault("0.1")
    double tolerance();
}
