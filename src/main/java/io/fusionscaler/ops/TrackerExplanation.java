package io.fusionscaler.ops;

import io.fusionscaler.engine.ScaledObjectTracker;
import io.fusionscaler.fusion.Decision;
import io.fusionscaler.fusion.FusedDecision;
import io.fusionscaler.fusion.SignalVerdict;
import io.fusionscaler.fusion.UnavailableDecision;
import io.fusionscaler.keda.MetricNames;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The JSON shape of one tracker in the explain view. Inputs are the parsed specs (which carry no
 * secrets: credentials live in the scaler's own config, never in trigger metadata).
 */
public record TrackerExplanation(String namespace, String name, String trigger, String metricName, String status,
        Long desiredReplicas, Boolean active, String message, String policy, List<SignalExplanation> signals,
        Instant createdAt, Instant lastAccess) {

    public record SignalExplanation(String signal, String input, Double value, Long desiredReplicas, Boolean active,
            boolean fresh, Long ageMillis, String lastError, Map<String, Object> details) {
    }

    static TrackerExplanation of(ScaledObjectTracker tracker, Instant now) {
        Decision decision = tracker.decision(now);
        List<SignalExplanation> signals = IntStream.range(0, decision.signals().size())
                .mapToObj(i -> signal(decision.signals().get(i), tracker.spec().signals().get(i).toString()))
                .collect(Collectors.toList());
        String metricName = MetricNames.fused(tracker.key().namespace(), tracker.key().name());
        String policy = tracker.spec().policy().key();
        if (decision instanceof FusedDecision fused) {
            return new TrackerExplanation(tracker.key().namespace(), tracker.key().name(), tracker.key().triggerId(), metricName,
                    "OK", fused.desiredReplicas(), fused.active(), null, policy, signals, tracker.createdAt(), tracker.lastAccess());
        }
        UnavailableDecision unavailable = (UnavailableDecision) decision;
        return new TrackerExplanation(tracker.key().namespace(), tracker.key().name(), tracker.key().triggerId(), metricName,
                "UNAVAILABLE", null, null, unavailable.message(), policy, signals, tracker.createdAt(), tracker.lastAccess());
    }

    private static SignalExplanation signal(SignalVerdict verdict, String input) {
        Long age = verdict.age() == null ? null : verdict.age().toMillis();
        if (verdict.reading() == null) {
            return new SignalExplanation(verdict.signal(), input, null, null, null, false, age, verdict.lastError(), Map.of());
        }
        return new SignalExplanation(verdict.signal(), input, verdict.reading().value(), verdict.reading().desiredReplicas(),
                verdict.reading().active(), verdict.fresh(), age, verdict.lastError(), verdict.reading().details());
    }
}
