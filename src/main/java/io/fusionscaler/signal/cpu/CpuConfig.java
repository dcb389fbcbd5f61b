package io.fusionscaler.signal.cpu;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The CPU utilization signal's pace and the HPA settings it mirrors ({@code fusion.cpu.*}). */
@ConfigMapping(prefix = "fusion.cpu")
public interface CpuConfig {

    /** Pause between two refreshes of a namespace's CPU figures (metrics-server's resolution is 15 s). */
    @WithDefault("15s")
    Duration refreshInterval();

    /** Longest time one refresh of one namespace may take (the engine's budget for it). */
    @WithDefault("10s")
    Duration refreshBudget();

    /** CPU figures whose PodMetrics are older than this are unknown: answers that depend on them become UNAVAILABLE. */
    @WithDefault("60s")
    Duration stalenessLimit();

    /** The HPA's tolerance: a usage ratio within 1 ± this keeps the current replica count. */
    @WithDefault("0.1")
    double tolerance();

    /** The HPA's CPU initialization period: samples of pods started more recently count only once ready for a window. */
    @WithDefault("5m")
    Duration initializationPeriod();

    /** The HPA's initial readiness delay: a pod whose readiness last changed within it after start never became ready. */
    @WithDefault("30s")
    Duration initialReadinessDelay();
}
