package io.fusionscaler.signal;

import io.fusionscaler.fusion.SignalOutcome;

import java.util.Map;
import java.util.Set;

/**
 * Where a signal's figures come from. The engine groups the tracked specs of this source into lanes
 * ({@link SignalSpec#refreshLane()}) and calls {@link #refresh} once per lane and {@link SignalPace#refreshInterval()},
 * on a worker of its own bounded pool, so a source batches its I/O per lane rather than per ScaledObject and
 * keeps no threads of its own for pacing or time-boxing.
 *
 * @param <S> the spec type this source understands
 */
public interface SignalSource<S extends SignalSpec> {

    Class<S> specType();

    /** This source's refresh interval, refresh budget and staleness limit. */
    SignalPace pace();

    /**
     * Measures every spec of one lane once, spending at most what {@code deadline} leaves. Must return an
     * outcome for every spec it was given and must not throw: a failure of one spec, one lane or the whole
     * source is a {@link io.fusionscaler.fusion.SignalOutcome.Failed} value. A refresh still running when the
     * deadline passes is interrupted and its specs recorded as failed by the engine.
     */
    Map<S, SignalOutcome> refresh(Set<S> specs, RefreshDeadline deadline);

    /** Called when no tracker uses {@code spec} any more, so per-spec state can be dropped. */
    default void forget(S spec) {
    }

    /**
     * Called once when the scaler role starts, before the first refresh: a place to check configuration and to keep
     * {@code requests} for asking the engine to refresh a spec's lane at once.
     */
    default void start(RefreshRequests requests) {
    }
}
