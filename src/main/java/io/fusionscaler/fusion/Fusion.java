package io.fusionscaler.fusion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the states of a trigger's signals into one decision.
 *
 * <p>A signal counts only if its last success is no older than the staleness limit; otherwise the whole
 * decision is unavailable, naming the first such signal. With every signal fresh, desired replicas are
 * combined by the policy and the trigger is active when any signal is.
 */
public final class Fusion {

    private final FusionPolicy policy;
    private final Duration stalenessLimit;

    public Fusion(FusionPolicy policy, Duration stalenessLimit) {
        this.policy = policy;
        this.stalenessLimit = stalenessLimit;
    }

    public Decision decide(List<SignalState> states, Instant now) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a trigger has at least one signal");
        }
        List<SignalVerdict> verdicts = new ArrayList<>(states.size());
        Unknown firstUnknown = null;
        for (SignalState state : states) {
            SignalVerdict verdict = verdict(state, now);
            verdicts.add(verdict);
            if (!verdict.fresh() && firstUnknown == null) {
                firstUnknown = new Unknown(state.signal(), whyUnknown(state, verdict.age()));
            }
        }
        if (firstUnknown != null) {
            return new UnavailableDecision(firstUnknown.signal(), firstUnknown.reason(), verdicts);
        }
        long[] desired = verdicts.stream().mapToLong(v -> v.reading().desiredReplicas()).toArray();
        boolean active = verdicts.stream().anyMatch(v -> v.reading().active());
        return new FusedDecision(policy.combine(desired), active, policy, verdicts);
    }

    private record Unknown(String signal, String reason) {
    }

    private SignalVerdict verdict(SignalState state, Instant now) {
        if (state.lastSuccess() == null) {
            return new SignalVerdict(state.signal(), null, null, false, state.lastError());
        }
        Duration age = Duration.between(state.lastSuccess(), now);
        boolean fresh = age.compareTo(stalenessLimit) <= 0;
        return new SignalVerdict(state.signal(), state.lastReading(), age, fresh, state.lastError());
    }

    private String whyUnknown(SignalState state, Duration age) {
        String lastError = state.lastError() == null ? "" : "; last error: " + state.lastError();
        if (age == null) {
            return state.lastError() == null ? "no data yet (first refresh pending)" : "no data yet" + lastError;
        }
        return "last successful refresh " + age.toMillis() + " ms ago, over the staleness limit of "
                + stalenessLimit.toMillis() + " ms" + lastError;
    }
}
