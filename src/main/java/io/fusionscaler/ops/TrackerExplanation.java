package io.fusionscaler.ops;

import io.fusionscaler.engine.ScaledObjectTracker;
import io.fusionscaler.fusion.Decision;
import io.fusionscaler.fusion.FusedDecision;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.fusion.SignalVerdict;
import io.fusionscaler.fusion.UnavailableDecision;
import io.fusionscaler.keda.MetricNames;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The JSON shape of one tracker in the explain view. Inputs are the parsed specs (which carry no
 * secrets: credentials live in the scaler's own config, never in trigger metadata).
 *
 * @param decidedBy the signals whose request became the fused count
 */
public record TrackerExplanation(String namespace, String name, String trigger, String metricName, String status,
        Long desiredReplicas, Boolean active, List<String> decidedBy, String message, String policy,
        List<SignalExplanation> signals, Instant createdAt, Instant lastAccess) {

    /**
     * One signal: {@code status} is {@code measured}, {@code absent} (nothing to measure: left out) or
     * {@code unknown} (no data young enough); the figures are those of the latest reading, fresh or not.
     *
     * @param ageMillis age of the data (since it was observed)
     * @param coverage  e.g. "17 of 20 pods"
     */
    public record SignalExplanation(String signal, String input, String status, String absentReason, Double value,
            Long desiredReplicas, Boolean active, Instant observedAt, Long ageMillis, String coverage, Double coverageRatio,
            String lastError, Map<String, Object> details) {
    }

    static TrackerExplanation of(ScaledObjectTracker tracker, Instant now) {
        Decision decision = tracker.decision(now);
        List<SignalExplanation> signals = IntStream.range(0, decision.signals().size())
                .mapToObj(i -> signal(decision.signals().get(i), tracker.spec().signals().get(i).toString()))
                .toList();
        String metricName = MetricNames.fused(tracker.key().namespace(), tracker.key().name());
        String policy = tracker.spec().policy().key();
        if (decision instanceof FusedDecision fused) {
            return new TrackerExplanation(tracker.key().namespace(), tracker.key().name(), tracker.key().triggerId(), metricName,
                    "OK", fused.desiredReplicas(), fused.active(), fused.decidedBy(), null, policy, signals,
                    tracker.createdAt(), tracker.lastAccess());
        }
        UnavailableDecision unavailable = (UnavailableDecision) decision;
        return new TrackerExplanation(tracker.key().namespace(), tracker.key().name(), tracker.key().triggerId(), metricName,
                "UNAVAILABLE", null, null, List.of(), unavailable.message(), policy, signals, tracker.createdAt(),
                tracker.lastAccess());
    }

    private static SignalExplanation signal(SignalVerdict verdict, String input) {
        Long age = verdict.age() == null ? null : verdict.age().toMillis();
        String status = verdict.status().name().toLowerCase(Locale.ROOT);
        SignalReading reading = verdict.reading();
        if (reading == null) {
            return new SignalExplanation(verdict.signal(), input, status, verdict.absentReason(), null, null, null, null, age,
                    null, null, verdict.lastError(), Map.of());
        }
        return new SignalExplanation(verdict.signal(), input, status, null, reading.value(), reading.desiredReplicas(),
                reading.active(), reading.observedAt(), age, reading.coverage().toString(), reading.coverage().ratio(),
                verdict.lastError(), reading.details());
    }
}
