package io.fusionscaler.keda;

import io.fusionscaler.engine.ActivityListener;
import io.fusionscaler.engine.ActivityState;
import io.fusionscaler.engine.ScaledObjectTracker;
import io.fusionscaler.keda.proto.IsActiveResponse;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One StreamIsActive call. KEDA ignores {@code false} on this stream and treats every {@code true} as
 * fresh activity that restarts its cooldown, so it gets the current state once it is known, then
 * {@code true} only on each inactive-to-active transition. Unknown states (stale data) send nothing.
 */
final class ActivityStream implements ActivityListener {

    private static final IsActiveResponse ACTIVE = IsActiveResponse.newBuilder().setResult(true).build();
    private static final IsActiveResponse INACTIVE = IsActiveResponse.newBuilder().setResult(false).build();

    private final MultiEmitter<? super IsActiveResponse> emitter;
    private boolean initialSent;
    private boolean lastActive;

    ActivityStream(MultiEmitter<? super IsActiveResponse> emitter) {
        this.emitter = emitter;
    }

    /** Sends the tracker's current state unless a change notification already did. */
    synchronized void open(ScaledObjectTracker tracker) {
        if (!initialSent) {
            onActivity(tracker.activity());
        }
    }

    @Override
    public synchronized void onActivity(ActivityState state) {
        if (state == ActivityState.UNKNOWN) {
            return;
        }
        boolean active = state == ActivityState.ACTIVE;
        if (!initialSent) {
            initialSent = true;
            emitter.emit(active ? ACTIVE : INACTIVE);
        } else if (active && !lastActive) {
            emitter.emit(ACTIVE);
        }
        lastActive = active;
    }
}
