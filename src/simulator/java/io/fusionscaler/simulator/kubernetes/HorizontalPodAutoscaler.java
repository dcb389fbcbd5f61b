package io.fusionscaler.simulator.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One HPA as the Kubernetes controller runs it, sync by sync ({@code reconcileAutoscaler} in kubernetes/kubernetes
 * pkg/controller/podautoscaler/horizontal.go):
 * <ol>
 *   <li>at 0 replicas with minReplicas above 0 scaling is disabled (KEDA owns 0 to 1);</li>
 *   <li>above maxReplicas or below minReplicas the count is brought into range;</li>
 *   <li>otherwise every metric proposes a count and the largest proposal wins ({@code computeReplicasForMetrics});
 *       no computable metric means no change;</li>
 *   <li>without a behavior ({@code normalizeDesiredReplicas}): the result is the highest proposal of the downscale
 *       stabilization window ({@code stabilizeRecommendation}), at most max(2 x current, 4) and within min/max
 *       ({@code convertDesiredReplicasWithRules}, {@code calculateScaleUpLimit});</li>
 *   <li>with a behavior ({@code normalizeDesiredReplicasWithBehaviors}): the proposal is held between the lowest proposal
 *       of the scale-up window and the highest of the scale-down window ({@code stabilizeRecommendationWithBehaviors}),
 *       then rate-limited by the policies against the replicas at the start of each policy's period, counting the HPA's
 *       own scale events in that period ({@code convertDesiredReplicasWithBehaviorRate},
 *       {@code calculateScaleUpLimitWithScalingRules}, {@code calculateScaleDownLimitWithBehaviors}), and clamped to
 *       min/max.</li>
 * </ol>
 * Changes made by others (KEDA's 0 to 1 and 1 to 0) are not the HPA's scale events.
 */
public final class HorizontalPodAutoscaler {

    private record Recommendation(int replicas, long at) {
    }

    private record ScaleEvent(int change, long at) {
    }

    private final HpaSettings settings;
    private final Tolerance tolerance;
    private final List<Recommendation> recommendations = new ArrayList<>();
    private final List<ScaleEvent> scaleUps = new ArrayList<>();
    private final List<ScaleEvent> scaleDowns = new ArrayList<>();

    public HorizontalPodAutoscaler(HpaSettings settings) {
        this.settings = settings;
        this.tolerance = new Tolerance(settings.tolerance());
    }

    public HpaSettings settings() {
        return settings;
    }

    /** One sync at second {@code now}: the replica count the HPA writes to /scale (the current one when unchanged). */
    public int sync(long now, PodCounts pods, List<HpaMetric> metrics) {
        int current = pods.specReplicas();
        if (current == 0) {
            return 0;
        }
        if (recommendations.isEmpty()) {
            recommendations.add(new Recommendation(current, now));
        }
        int desired;
        if (current > settings.maxReplicas()) {
            desired = settings.maxReplicas();
        } else if (current < settings.minReplicas()) {
            desired = settings.minReplicas();
        } else {
            OptionalInt proposal = metrics.stream().map(m -> m.propose(pods, tolerance))
                    .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).max();
            if (proposal.isEmpty()) {
                return current;
            }
            desired = settings.behavior().map(behavior -> withBehavior(behavior, now, current, proposal.getAsInt()))
                    .orElseGet(() -> withoutBehavior(now, current, proposal.getAsInt()));
        }
        if (desired != current) {
            recordScaleEvent(now, current, desired);
        }
        return desired;
    }

    private int withoutBehavior(long now, int current, int proposal) {
        long cutoff = now - settings.downscaleStabilizationSeconds();
        int highest = proposal;
        for (Recommendation r : recommendations) {
            if (r.at() >= cutoff) {
                highest = Math.max(highest, r.replicas());
            }
        }
        recommendations.removeIf(r -> r.at() < cutoff);
        recommendations.add(new Recommendation(proposal, now));
        int scaleUpLimit = Math.max(2 * current, 4);
        return Math.max(settings.minReplicas(), Math.min(highest, Math.min(settings.maxReplicas(), scaleUpLimit)));
    }

    private int withBehavior(HpaBehavior behavior, long now, int current, int proposal) {
        int stabilized = stabilize(behavior, now, current, proposal);
        if (stabilized > current) {
            int limit = Math.max(scaleUpLimit(behavior.scaleUp(), now, current), current);
            return Math.min(stabilized, Math.min(settings.maxReplicas(), limit));
        }
        if (stabilized < current) {
            int limit = Math.min(scaleDownLimit(behavior.scaleDown(), now, current), current);
            return Math.max(stabilized, Math.max(settings.minReplicas(), limit));
        }
        return stabilized;
    }

    private int stabilize(HpaBehavior behavior, long now, int current, int proposal) {
        long upCutoff = now - behavior.scaleUp().stabilizationWindowSeconds();
        long downCutoff = now - behavior.scaleDown().stabilizationWindowSeconds();
        int upRecommendation = proposal;
        int downRecommendation = proposal;
        for (Recommendation r : recommendations) {
            if (r.at() > upCutoff) {
                upRecommendation = Math.min(upRecommendation, r.replicas());
            }
            if (r.at() > downCutoff) {
                downRecommendation = Math.max(downRecommendation, r.replicas());
            }
        }
        recommendations.removeIf(r -> r.at() < upCutoff && r.at() < downCutoff);
        recommendations.add(new Recommendation(proposal, now));
        return Math.min(Math.max(current, upRecommendation), downRecommendation);
    }

    private int scaleUpLimit(ScalingRules rules, long now, int current) {
        if (rules.selectPolicy() == ScalingRules.SelectPolicy.DISABLED) {
            return current;
        }
        boolean largest = rules.selectPolicy() == ScalingRules.SelectPolicy.MAX;
        int result = largest ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingPolicy policy : rules.policies()) {
            int periodStart = current - changeWithin(scaleUps, now, policy) + changeWithin(scaleDowns, now, policy);
            int proposed = policy.type() == ScalingPolicy.Type.PODS ? periodStart + policy.value()
                    : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
            result = largest ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private int scaleDownLimit(ScalingRules rules, long now, int current) {
        if (rules.selectPolicy() == ScalingRules.SelectPolicy.DISABLED) {
            return current;
        }
        boolean largest = rules.selectPolicy() == ScalingRules.SelectPolicy.MAX;
        int result = largest ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingPolicy policy : rules.policies()) {
            int periodStart = current - changeWithin(scaleUps, now, policy) + changeWithin(scaleDowns, now, policy);
            int proposed = policy.type() == ScalingPolicy.Type.PODS ? periodStart - policy.value()
                    : (int) (periodStart * (1 - policy.value() / 100.0));
            result = largest ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    /** Replicas changed by the HPA's own events strictly inside the policy's period ({@code getReplicasChangePerPeriod}). */
    private static int changeWithin(List<ScaleEvent> events, long now, ScalingPolicy policy) {
        long cutoff = now - policy.periodSeconds();
        return events.stream().filter(e -> e.at() > cutoff).mapToInt(ScaleEvent::change).sum();
    }

    /** Scale events matter only to a behavior's policies ({@code storeScaleEvent} keeps none without one). */
    private void recordScaleEvent(long now, int from, int to) {
        if (settings.behavior().isEmpty()) {
            return;
        }
        HpaBehavior behavior = settings.behavior().get();
        List<ScaleEvent> events = to > from ? scaleUps : scaleDowns;
        ScalingRules rules = to > from ? behavior.scaleUp() : behavior.scaleDown();
        long cutoff = now - rules.longestPeriodSeconds();
        events.removeIf(e -> e.at() < cutoff);
        events.add(new ScaleEvent(Math.abs(to - from), now));
    }
}
