package io.fusionscaler.fusion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the states of a trigger's signals into one decision.
 *
 * <p>A signal counts only while its data is no older than its own staleness limit; otherwise the whole
 * decision is unavailable, naming the first such signal. Absent signals (nothing to measure, known for
 * sure) are left out of both the replica count and the activity; when every signal is absent the answer is
 * 0 replicas, inactive. The present signals' requests are combined by the policy, and the trigger is active
 * when any present signal is.
 */
public final class Fusion {

    private final FusionPolicy policy;

    public Fusion(FusionPolicy policy) {
        this.policy = policy;
    }

    public Decision decide(List<SignalState> states, Instant now) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a trigger has at least one signal");
        }
        List<SignalVerdict> verdicts = new ArrayList<>(states.size());
        SignalState firstUnknown = null;
        for (SignalState state : states) {
            SignalVerdict verdict = verdict(state, now);
            verdicts.add(verdict);
            if (!verdict.fresh() && firstUnknown == null) {
                firstUnknown = state;
            }
        }
        if (firstUnknown != null) {
            return new UnavailableDecision(firstUnknown.signal(), whyUnknown(firstUnknown, now), verdicts);
        }
        List<SignalVerdict> present = verdicts.stream().filter(v -> v.status() == SignalVerdict.Status.MEASURED).toList();
        long desired = policy.combine(present.stream().mapToLong(v -> v.reading().desiredReplicas()).toArray());
        boolean active = present.stream().anyMatch(v -> v.reading().active());
        List<String> decidedBy = present.stream().filter(v -> v.reading().desiredReplicas() == desired)
                .map(SignalVerdict::signal).toList();
        return new FusedDecision(desired, active, policy, decidedBy, verdicts);
    }

    private static SignalVerdict verdict(SignalState state, Instant now) {
        Instant observed = state.dataObservedAt();
        Duration age = observed == null ? null : Duration.between(observed, now);
        SignalReading reading = state.lastKnown() instanceof SignalOutcome.Measured m ? m.reading() : null;
        if (age == null || age.compareTo(state.stalenessLimit()) > 0) {
            return new SignalVerdict(state.signal(), SignalVerdict.Status.UNKNOWN, reading, null, age, state.lastError());
        }
        if (state.lastKnown() instanceof SignalOutcome.Absent absent) {
            return new SignalVerdict(state.signal(), SignalVerdict.Status.ABSENT, null, absent.reason(), age, state.lastError());
        }
        return new SignalVerdict(state.signal(), SignalVerdict.Status.MEASURED, reading, null, age, state.lastError());
    }

    private static String whyUnknown(SignalState state, Instant now) {
        String lastError = state.lastError() == null ? "" : "; last error: " + state.lastError();
        Instant observed = state.dataObservedAt();
        if (observed == null) {
            return state.lastError() == null ? "no data yet (first refresh pending)" : "no data yet" + lastError;
        }
        return "data observed " + Duration.between(observed, now).toMillis() + " ms ago, over the staleness limit of "
                + state.stalenessLimit().toMillis() + " ms" + lastError;
    }
}
