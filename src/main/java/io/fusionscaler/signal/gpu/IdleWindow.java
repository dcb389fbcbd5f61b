package io.fusionscaler.signal.gpu;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GPU signal's activity, a window KEDA's stateless formulas cannot express: active while utilization is above the
 * spec's activation level, and still active until it has stayed at or below that level for {@code gpuIdleAfter}. Keeps
 * the last busy instant per spec; the first reading of a spec (after a wake-up, or a restart of this scaler) starts the
 * window, so a module just woken by a demand signal is never put back to sleep before it could load its work.
 */
final class IdleWindow {

    /** The activity, and since when the GPUs have been idle (empty while busy). */
    record Verdict(boolean active, Optional<Instant> idleSince) {
    }

    private final Map<GpuTrigger, Instant> lastBusy = new ConcurrentHashMap<>();

    Verdict update(GpuTrigger spec, double utilizationPercent, Instant now) {
        if (utilizationPercent > spec.activationUtilization()) {
            lastBusy.put(spec, now);
            return new Verdict(true, Optional.empty());
        }
        Instant since = lastBusy.computeIfAbsent(spec, s -> now);
        Duration idle = Duration.between(since, now);
        return new Verdict(idle.compareTo(spec.idleAfter()) < 0, Optional.of(since));
    }

    /** The target went to 0 replicas (or the spec is gone): the next reading starts a new window. */
    void forget(GpuTrigger spec) {
        lastBusy.remove(spec);
    }
}
