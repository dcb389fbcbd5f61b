package io.fusionscaler.fusion;

import java.util.List;

/** What the scaler answers for one trigger: fused figures, or which signal is unknown and why. */
public sealed interface Decision permits FusedDecision, UnavailableDecision {

    /** Every configured signal's part, in trigger order, whatever the outcome. */
    List<SignalVerdict> signals();
}
