package io.fusionscaler.keda;

import io.fusionscaler.signal.SignalSource;
import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.fusion.Coverage;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A test-only signal whose outcome each test sets, so the KEDA contract can be checked for every
 * state (idle, busy, failing, stale) without waiting on a real source. Turned on by metadata key
 * {@code scriptedSignal=<id>}.
 */
@ApplicationScoped
public class ScriptedSignal implements SignalParser, SignalSource<ScriptedSignal.Spec> {

    static final String KEY = "scriptedSignal";
    /** Refreshed every second; its data counts for 3 s, so staleness tests run in seconds. */
    static final SignalPace PACE = new SignalPace(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3),
            "fusion.scripted.refresh-budget");

    public record Spec(String id) implements SignalSpec {
        @Override
        public String signal() {
            return "scripted";
        }
    }

    /** Each refresh builds its outcome afresh, so a measured script is observed at every refresh, like a real source. */
    private final Map<String, Function<Instant, SignalOutcome>> outcomes = new ConcurrentHashMap<>();

    public void measure(String id, long desiredReplicas, boolean active) {
        outcomes.put(id, now -> new SignalOutcome.Measured(new SignalReading("scripted", desiredReplicas, desiredReplicas, active,
                now, Coverage.whole(1, "scripts"), Map.of())));
    }

    public void absent(String id, String reason) {
        outcomes.put(id, now -> new SignalOutcome.Absent(reason));
    }

    public void fail(String id, String reason) {
        outcomes.put(id, now -> new SignalOutcome.Failed(reason));
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
    public SignalSpec parse(TriggerContext context) throws InvalidMetadataException {
        return new Spec(context.metadata().requiredString(KEY));
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    @Override
    public SignalPace pace() {
        return PACE;
    }

    @Override
    public Map<Spec, SignalOutcome> refresh(Set<Spec> specs, RefreshDeadline deadline) {
        Map<Spec, SignalOutcome> result = new HashMap<>();
        Instant now = Instant.now();
        specs.forEach(s -> result.put(s, outcomes.getOrDefault(s.id(), t -> new SignalOutcome.Failed("no script for " + s.id())).apply(now)));
        return result;
    }
}
