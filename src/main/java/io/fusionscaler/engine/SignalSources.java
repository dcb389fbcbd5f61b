package io.fusionscaler.engine;

import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.signal.SignalSource;

import io.fusionscaler.fusion.SignalOutcome;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
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

    /** Refreshes specs that all have type {@code type}. */
    Map<SignalSpec, SignalOutcome> refresh(Class<?> type, Set<SignalSpec> specs) {
        return typed(type).refreshAll(specs);
    }

    void forget(SignalSpec spec) {
        typed(spec.getClass()).forgetOne(spec);
    }

    private Typed<?> typed(Class<?> type) {
        SignalSource<?> source = byType.get(type);
        if (source == null) {
            throw new IllegalStateException("no signal source for " + type.getName());
        }
        return new Typed<>(source);
    }

    /** Confines the unchecked casts: a source only ever sees specs of its own {@link SignalSource#specType()}. */
    private static final class Typed<S extends SignalSpec> {
        private final SignalSource<S> source;

        Typed(SignalSource<S> source) {
            this.source = source;
        }

        Map<SignalSpec, SignalOutcome> refreshAll(Set<SignalSpec> specs) {
            Set<S> typedSpecs = new java.util.HashSet<>();
            specs.forEach(s -> typedSpecs.add(source.specType().cast(s)));
            return new HashMap<>(source.refresh(typedSpecs));
        }

        void forgetOne(SignalSpec spec) {
            source.forget(source.specType().cast(spec));
        }
    }
}
