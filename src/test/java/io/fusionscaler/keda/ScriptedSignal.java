package io.fusionscaler.keda;

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
 * {@code scriptedSignal=<id>}.
 */
@ApplicationScoped
public class ScriptedSignal implements SignalParser, SignalSource<ScriptedSignal.Spec> {

    static final String KEY = "scriptedSignal";

    public record Spec(String id) implements SignalSpec {
        @Override
        public String signal() {
            return "scripted";
        }
    }

    private final Map<String, SignalOutcome> outcomes = new ConcurrentHashMap<>();

    public void measure(String id, long desiredReplicas, boolean active) {
        outcomes.put(id, new SignalOutcome.Measured(new SignalReading("scripted", desiredReplicas, desiredReplicas, active, Map.of())));
    }

    public void fail(String id, String reason) {
        outcomes.put(id, new SignalOutcome.Failed(reason));
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
