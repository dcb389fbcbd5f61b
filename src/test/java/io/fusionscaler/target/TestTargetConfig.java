package io.fusionscaler.target;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Target discovery settings for tests without Quarkus. */
public record TestTargetConfig(Optional<Set<String>> namespaces, WatchScope watchScope, Duration resync,
        Duration scaleRefreshInterval, Duration watchOutageLimit) implements TargetConfig {

    /** Every namespace, per-namespace watches, /scale read at every lookup. */
    public static TestTargetConfig defaults() {
        return new TestTargetConfig(Optional.empty(), WatchScope.NAMESPACE, Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(30));
    }

    public TestTargetConfig withNamespaces(Set<String> allowed) {
        return new TestTargetConfig(Optional.of(allowed), watchScope, resync, scaleRefreshInterval, watchOutageLimit);
    }

    public TestTargetConfig withScope(WatchScope scope) {
        return new TestTargetConfig(namespaces, scope, resync, scaleRefreshInterval, watchOutageLimit);
    }

    public TestTargetConfig withScaleRefreshInterval(Duration interval) {
        return new TestTargetConfig(namespaces, watchScope, resync, interval, watchOutageLimit);
    }
}
