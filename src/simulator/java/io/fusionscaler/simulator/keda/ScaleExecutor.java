package io.fusionscaler.simulator.keda;

import java.util.OptionalInt;

/**
 * KEDA's part of the replica count: 0 to 1 and back. {@code RequestScale} in kedacore/keda
 * pkg/scaling/executor/scale_scaledobjects.go, for a ScaledObject without idleReplicaCount, fallback or pause
 * annotations, whose triggers answer without errors:
 * <ul>
 *   <li>active at 0 replicas: scale to max(minReplicaCount, 1) at once ({@code scaleFromZeroOrIdle}) and record the
 *       time as lastActiveTime;</li>
 *   <li>active above 0: only lastActiveTime is refreshed (1 to N is the HPA's job);</li>
 *   <li>inactive above 0 with minReplicaCount 0: scale to 0 once lastActiveTime + cooldownPeriod is strictly before now,
 *       or at once if there never was an activity and initialCooldownPeriod (0) has passed ({@code scaleToZeroOrIdle});
 *       </li>
 *   <li>inactive below minReplicaCount: scale to minReplicaCount.</li>
 * </ul>
 * It is called on every polling interval with the ScaledObject's activity (any trigger active,
 * pkg/scaling/scale_handler.go {@code checkScalers}), and at once with {@code true} when an {@code external-push}
 * trigger's StreamIsActive sends true ({@code startPushScalers}; a pushed false is ignored since KEDA 2.18).
 */
public final class ScaleExecutor {

    private final KedaSettings settings;
    private Long lastActiveTime;

    public ScaleExecutor(KedaSettings settings) {
        this.settings = settings;
    }

    /** @return the replica count KEDA writes to /scale, or empty when it leaves the count alone */
    public OptionalInt requestScale(long now, boolean active, int currentReplicas) {
        int min = settings.minReplicaCount();
        if (active) {
            lastActiveTime = now;
            return currentReplicas == 0 ? OptionalInt.of(Math.max(min, 1)) : OptionalInt.empty();
        }
        if (currentReplicas > 0 && min == 0) {
            boolean cooledDown = lastActiveTime == null || lastActiveTime + settings.cooldownPeriodSeconds() < now;
            return cooledDown ? OptionalInt.of(0) : OptionalInt.empty();
        }
        return currentReplicas < min ? OptionalInt.of(min) : OptionalInt.empty();
    }
}
