package io.fusionscaler.signal.hpa;

import io.fusionscaler.fusion.Coverage;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.SignalSpec;
import io.fusionscaler.target.ScaleTarget;
import io.fusionscaler.target.TargetDiscovery;
import io.fusionscaler.target.TargetLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The refresh shared by the CPU and memory signals: for every spec of one namespace's lane, its target and pods from
 * target discovery (caches, no API call), the namespace's PodMetrics from one list, then the HPA's arithmetic.
 * A target at 0 replicas, or whose pods are all still starting, is absent: CPU and memory cannot wake a workload, and
 * never keep one awake either (their readings are never active); a demand signal does that.
 */
@ApplicationScoped
public class ResourceSignals {

    private final TargetDiscovery targets;
    private final PodMetricsReader metrics;
    private final Clock clock;

    @Inject
    public ResourceSignals(TargetDiscovery targets, PodMetricsReader metrics, Clock clock) {
        this.targets = targets;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Measures every spec of one lane (one namespace).
     *
     * @param metricsMaxAge how old a PodMetrics list of the namespace may be and still be reused
     */
    public <S extends SignalSpec> Map<S, SignalOutcome> refresh(Set<S> specs, Function<S, ResourceQuery> queries,
            ReplicaCalculator calculator, Duration metricsMaxAge, RefreshDeadline deadline) {
        Map<S, SignalOutcome> outcomes = new HashMap<>();
        for (S spec : specs) {
            try {
                outcomes.put(spec, measure(queries.apply(spec), calculator, metricsMaxAge, deadline));
            } catch (RuntimeException e) {
                outcomes.put(spec, new SignalOutcome.Failed(spec.signal() + " refresh failed unexpectedly: " + e));
            }
        }
        return outcomes;
    }

    private SignalOutcome measure(ResourceQuery query, ReplicaCalculator calculator, Duration metricsMaxAge, RefreshDeadline deadline) {
        TargetLookup lookup = targets.target(query.namespace(), query.scaledObject(), deadline);
        if (lookup instanceof TargetLookup.Unavailable unavailable) {
            return new SignalOutcome.Failed(unavailable.reason());
        }
        TargetLookup.Found found = (TargetLookup.Found) lookup;
        ScaleTarget target = found.target();
        if (target.scaledToZero()) {
            return new SignalOutcome.Absent(target.ref() + " is scaled to zero: no pods to measure " + query.signal()
                    + " on (a demand signal such as Kafka lag or queue depth wakes it)");
        }
        PodMetricsReader.Listing listing = metrics.read(query.namespace(), metricsMaxAge);
        if (listing instanceof PodMetricsReader.Listing.Failed failed) {
            return new SignalOutcome.Failed(failed.reason());
        }
        List<PodMetricsSample> samples = ((PodMetricsReader.Listing.Listed) listing).samples().stream()
                .filter(sample -> target.selector().matches(sample.labels())).toList();
        Instant now = clock.instant();
        Replicas replicas = query.target() instanceof ResourceTarget.Utilization u
                ? calculator.utilization(target.specReplicas(), u.percent(), query.resource(), query.container(), found.pods(), samples, now)
                : calculator.averageValue(target.specReplicas(), ((ResourceTarget.AverageValue) query.target()).quantity().milliValue(),
                        query.resource(), query.container(), found.pods(), samples, now);
        if (replicas instanceof Replicas.NothingToMeasure nothing) {
            return new SignalOutcome.Absent(target.describe() + ": " + nothing.reason());
        }
        if (replicas instanceof Replicas.Refused refused) {
            return new SignalOutcome.Failed(query.signal() + " of " + target.describe() + ": " + refused.reason());
        }
        return new SignalOutcome.Measured(reading(query, target, (Replicas.Calculated) replicas));
    }

    private static SignalReading reading(ResourceQuery query, ScaleTarget target, Replicas.Calculated calculated) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", target.ref().toString());
        details.put("currentReplicas", target.specReplicas());
        double value;
        if (query.target() instanceof ResourceTarget.Utilization u) {
            value = calculated.usage();
            details.put("utilizationPercent", calculated.usage());
            details.put("targetUtilizationPercent", u.percent());
            details.put("averageUsageMilli", calculated.rawAverage());
        } else {
            value = calculated.usage() / 1000.0;
            details.put("averageUsage", calculated.usage() / 1000.0);
            details.put("targetAverageValue", query.target().toString());
        }
        if (!query.container().isEmpty()) {
            details.put("container", query.container());
        }
        PodGroups groups = calculated.pods();
        details.put("readyPods", groups.ready());
        details.put("unreadyPods", groups.unready().size());
        details.put("missingPods", groups.missing().size());
        details.put("ignoredPods", groups.ignored().size());
        return new SignalReading(query.signal(), value, calculated.replicas(), false, calculated.observedAt(),
                new Coverage(groups.ready(), groups.counted(), "pods"), details);
    }
}
