package io.fusionscaler.signal.queue;

import io.fusionscaler.fusion.Coverage;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns one trigger's aggregate into its outcome: desired = ceil(Σ pending / queueTarget), active ⇔ Σ &gt; queueActivation. */
final class QueueReading {

    /**
     * Kubernetes' documented limit of pods per cluster: no replica count above it can be meant, so a wild figure (a
     * wrong metric, a counter where a gauge belongs) asks for this many at most.
     */
    static final long MAX_DESIRED = 150_000;
    /** Failures quoted in the details and in a failure's reason; the rest are counted. */
    static final int FAILURES_SHOWN = 3;

    private QueueReading() {
    }

    static SignalOutcome outcome(QueueTrigger spec, PodLookup.Found lookup, PodFigures.Aggregate aggregate) {
        if (aggregate.observedAt() == null) {
            return new SignalOutcome.Failed("no pod of " + aggregate.pods() + " (" + spec.pods() + ") answered with a queue "
                    + "figure, and none answered within the staleness limit before: " + quoted(aggregate.failures()));
        }
        double pending = aggregate.pending();
        double ratio = pending / spec.target();
        long desired = ratio >= MAX_DESIRED ? MAX_DESIRED : (long) Math.ceil(ratio);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pending", pending);
        details.put("source", spec.pods().toString());
        details.put("query", spec.query().toString());
        lookup.replicas().ifPresent(replicas -> details.put("replicas", replicas));
        details.put("pods", aggregate.pods());
        int notScraped = lookup.pods().size() - aggregate.pods();
        if (notScraped > 0) {
            details.put("podsNotRunning", notScraped);
        }
        if (aggregate.pods() == 0) {
            details.put("note", "no running pod with an IP is selected, so nobody holds a queue: 0 pending");
        }
        details.put("answered", aggregate.answered());
        if (aggregate.carried() > 0) {
            details.put("carriedWithLastValue", aggregate.carried());
        }
        if (!aggregate.failures().isEmpty()) {
            details.put("failures", quoted(aggregate.failures()));
        }
        if (aggregate.withoutSeries() > 0) {
            details.put("podsWithoutMatchingSeries", aggregate.withoutSeries());
        }
        if (aggregate.counterResets() > 0) {
            details.put("counterResets", aggregate.counterResets());
        }
        if (aggregate.negativeInFlight() > 0) {
            details.put("podsWithHandledAboveStarted", aggregate.negativeInFlight());
        }
        if (desired == MAX_DESIRED) {
            details.put("desiredCapped", true);
        }
        return new SignalOutcome.Measured(new SignalReading(QueueTrigger.SIGNAL, pending, desired, pending > spec.activation(),
                aggregate.observedAt(), new Coverage(aggregate.answered(), aggregate.pods(), "pods"), details));
    }

    private static String quoted(List<String> failures) {
        if (failures.size() <= FAILURES_SHOWN) {
            return String.join("; ", failures);
        }
        return String.join("; ", failures.subList(0, FAILURES_SHOWN)) + "; and " + (failures.size() - FAILURES_SHOWN) + " more";
    }
}
