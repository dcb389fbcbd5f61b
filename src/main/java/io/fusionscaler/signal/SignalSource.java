package io.fusionscaler.signal;

import io.fusionscaler.fusion.SignalOutcome;

import java.util.Map;
import java.util.Set;

/**
 * Where a signal's figures come from. The engine calls {@link #refresh} from its background loop with
 * every spec currently tracked, so a source can batch its I/O per refresh rather than per ScaledObject.
 *
 * @param <S> the spec type this source understands
 */
public interface SignalSource<S extends SignalSpec> {

    Class<S> specType();

    /**
     * Measures every spec once. Must return an outcome for every spec it was given and must not throw:
     * a failure of one spec, one cluster or the whole source is a {@link SignalOutcome.Failed} value.
     */
    Map<S, SignalOutcome> refresh(Set<S> specs);

    /** Called when no tracker uses {@code spec} any more, so per-spec state can be dropped. */
    default void forget(S spec) {
    }
}
