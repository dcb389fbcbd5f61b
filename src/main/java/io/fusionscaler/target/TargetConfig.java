package io.fusionscaler.target;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** How the scaler watches ScaledObjects, their targets and pods ({@code fusion.target.*}). */
@ConfigMapping(prefix = "fusion.target")
public interface TargetConfig {

    /** Namespaces whose ScaledObjects may use pod-based signals; unset means every namespace. */
    Optional<Set<String>> namespaces();

    /**
     * {@code namespace}: one set of watches per namespace, started when a trigger first needs it (a Role per namespace
     * suffices); {@code cluster}: one cluster-wide watch per resource, started on first need (needs a ClusterRole,
     * fewer connections when triggers span many namespaces).
     */
    @WithDefault("namespace")
    WatchScope watchScope();

    /** Informer resync period (re-delivers cached objects to the caches' own handlers, no API call); 0 turns it off. */
    @WithDefault("0s")
    Duration resync();

    /**
     * How often the {@code /scale} of a target kind that is not watched (anything but apps/v1 Deployment, StatefulSet,
     * ReplicaSet: an Argo Rollout, a custom resource) is read; one GET per such target per interval, shared by signals.
     */
    @WithDefault("15s")
    Duration scaleRefreshInterval();

    /** A watch that has been down (reconnecting) for longer makes the pod-based signals of its namespace fail. */
    @WithDefault("30s")
    Duration watchOutageLimit();

    /** Where watches run. */
    enum WatchScope {
        NAMESPACE, CLUSTER
    }
}
