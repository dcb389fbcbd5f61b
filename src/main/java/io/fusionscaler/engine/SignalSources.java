package io.fusionscaler.engine;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.signal.SignalSource;
import io.fusionscaler.signal.SignalSpec;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Routes specs to the source that understands their type. */
@ApplicationScoped
public class SignalSources {

    private final Map<Class<?>, SignalSource<?>> byType = new HashMap<>();

    public SignalSources(@All List<SignalSource<?>> sources) {
        for (SignalSource<?> source : sources) {
            SignalSource<?> previous = byType.put(source.specType(), source);
            if (previous != null) {
                throw new IllegalStateException("two sources for " + source.specType().getName());
            }
        }
    }

    Collection<SignalSource<?>> all() {
        return byType.values();
    }

    SignalPace pace(Class<?> type) {
        return source(type).pace();
    }

    /** Refreshes specs that all have type {@code type}. */
    Map<SignalSpec, SignalOutcome> refresh(Class<?> type, Set<SignalSpec> specs, RefreshDeadline deadline) {
        return new Typed<>(source(type)).refreshAll(specs, deadline);
    }

    void forget(SignalSpec spec) {
        new Typed<>(source(spec.getClass())).forgetOne(spec);
    }

    private SignalSource<?> source(Class<?> type) {
        SignalSource<?> source = byType.get(type);
        if (source == null) {
            throw new IllegalStateException("no signal source for " + type.getName());
        }
        return source;
    }

    /** Confines the unchecked casts: a source only ever sees specs of its own {@link SignalSource#specType()}. */
    private static final class Typed<S extends SignalSpec> {
        private final SignalSource<S> source;

        Typed(SignalSource<S> source) {
            this.source = source;
        }

        Map<SignalSpec, SignalOutcome> refreshAll(Set<SignalSpec> specs, RefreshDeadline deadline) {
            Set<S> typedSpecs = new HashSet<>();
            specs.forEach(s -> typedSpecs.add(source.specType().cast(s)));
            return new HashMap<>(source.refresh(typedSpecs, deadline));
        }

        void forgetOne(SignalSpec spec) {
            source.forget(source.specType().cast(spec));
        }
    }
}
