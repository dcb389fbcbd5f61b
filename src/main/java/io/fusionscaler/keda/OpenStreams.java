package io.fusionscaler.keda;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every server stream currently open. On shutdown they are completed, which ends each call with status
 * OK: KEDA then reconnects after its minimal 2 s backoff instead of backing off up to a minute.
 */
@ApplicationScoped
public class OpenStreams {

    private final Set<MultiEmitter<?>> emitters = ConcurrentHashMap.newKeySet();

    void add(MultiEmitter<?> emitter) {
        emitters.add(emitter);
    }

    void remove(MultiEmitter<?> emitter) {
        emitters.remove(emitter);
    }

    public int count() {
        return emitters.size();
    }

    void completeAll(@Observes @Priority(1) ShutdownEvent event) {
        emitters.forEach(MultiEmitter::complete);
        emitters.clear();
    }
}
