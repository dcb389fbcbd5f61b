package io.fusionscaler.testing;

import io.fusionscaler.signal.SignalSource;
import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerMetadata;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only signal whose outcome each test sets, so the KEDA contract can be checked for every
 * state (idle, busy, failing, stale) without waiting on a real source. Turned on by metadata key
 * {@code scriptedSignal=<id>}. A bean of the in-process {@code @QuarkusTest} application only: a packaged build does
 * not contain it.
 */
@ApplicationScoped
public class ScriptedSignal implements SignalParser, SignalSource<ScriptedSignal.Spec>, SignalDriver {

    public static final String KEY = "scriptedSignal";

    public record Spec(String id) implements SignalSpec {
        @Override
        public String signal() {
            return "scripted";
        }
    }

    private final Map<String, SignalOutcome> outcomes = new ConcurrentHashMap<>();

    /** Its value is the desired replica count. */
    @Override
    public double measure(String id, long desiredReplicas, boolean active) {
        outcomes.put(id, new SignalOutcome.Measured(new SignalReading("scripted", desiredReplicas, desiredReplicas, active, Map.of())));
        return desiredReplicas;
    }

    public void fail(String id, String reason) {
        outcomes.put(id, new SignalOutcome.Failed(reason));
    }

    @Override
    public String fail(String id) {
        String reason = "scripted failure of " + id;
        fail(id, reason);
        return reason;
    }

    @Override
    public Map<String, String> trigger(String id) {
        return Map.of(KEY, id);
    }

    @Override
    public String signal() {
        return "scripted";
    }

    @Override
    public Set<String> keys() {
        return Set.of(KEY);
    }

    @Override
    public boolean isConfigured(TriggerMetadata metadata) {
        return metadata.has(KEY);
    }

    @Override
    public SignalSpec parse(TriggerMetadata metadata) throws InvalidMetadataException {
        return new Spec(metadata.requiredString(KEY));
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    @Override
    public Map<Spec, SignalOutcome> refresh(Set<Spec> specs) {
        Map<Spec, SignalOutcome> result = new HashMap<>();
        specs.forEach(s -> result.put(s, outcomes.getOrDefault(s.id(), new SignalOutcome.Failed("no script for " + s.id()))));
        return result;
    }
}
