package io.fusionscaler.engine;

import io.fusionscaler.fusion.Decision;
import io.fusionscaler.fusion.FusedDecision;

/** Activity as streams see it: known active, known inactive, or unknown. */
public enum ActivityState {
    ACTIVE, INACTIVE, UNKNOWN;

    public static ActivityState of(Decision decision) {
        if (decision instanceof FusedDecision fused) {
            return fused.active() ? ACTIVE : INACTIVE;
        }
        return UNKNOWN;
    }
}
