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
 *   <li>the proposal is stabilized: it is recorded, and the result is held between the lowest proposal of the
 *       scale-up window and the highest of the scale-down window ({@code stabilizeRecommendationWithBehaviors});</li>
 *   <li>then rate-limited by the policies against the replicas at the start of each policy's period, counting the
 *       HPA's own scale events in that period ({@code convertDesiredReplicasWithBehaviorRate},
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
            int stabilized = stabilize(now, current, proposal.getAsInt());
            desired = limitRate(now, current, stabilized);
        }
        if (desired != current) {
            recordScaleEvent(now, current, desired);
        }
        return desired;
    }

    private int stabilize(long now, int current, int proposal) {
        long upCutoff = now - settings.scaleUp().stabilizationWindowSeconds();
        long downCutoff = now - settings.scaleDown().stabilizationWindowSeconds();
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

    private int limitRate(long now, int current, int desired) {
        if (desired > current) {
            int limit = Math.max(scaleUpLimit(now, current), current);
            return Math.min(desired, Math.min(settings.maxReplicas(), limit));
        }
        if (desired < current) {
            int limit = Math.min(scaleDownLimit(now, current), current);
            return Math.max(desired, Math.max(settings.minReplicas(), limit));
        }
        return desired;
    }

    private int scaleUpLimit(long now, int current) {
        ScalingRules rules = settings.scaleUp();
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

    private int scaleDownLimit(long now, int current) {
        ScalingRules rules = settings.scaleDown();
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

    private void recordScaleEvent(long now, int from, int to) {
        List<ScaleEvent> events = to > from ? scaleUps : scaleDowns;
        ScalingRules rules = to > from ? settings.scaleUp() : settings.scaleDown();
        long cutoff = now - rules.longestPeriodSeconds();
        events.removeIf(e -> e.at() < cutoff);
        events.add(new ScaleEvent(Math.abs(to - from), now));
    }
}
