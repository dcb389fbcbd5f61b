package io.fusionscaler.signal.kafka;

import io.fusionscaler.fusion.Coverage;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.RefreshRequests;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.signal.SignalSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka consumer lag for every tracked trigger. The engine refreshes one lane per cluster; a refresh reads every
 * trigger of that cluster with a few batched Admin calls ({@link ClusterRefresh}) within the engine's deadline,
 * so one dead cluster neither stalls nor stales the others. Idle triggers are also watched for arriving records
 * ({@link IdleTriggerWatch}), which refresh them alone at once.
 */
@ApplicationScoped
public class KafkaLagSource implements SignalSource<KafkaTrigger> {

    static final String BUDGET_KEY = "fusion.kafka.request-timeout";

    private final KafkaConfig config;
    private final KafkaAdmins admins;
    private final IdleTriggerWatch idleWatch;
    private final Clock clock;
    private final Map<KafkaTrigger, StalledCommits> stalledCommits = new ConcurrentHashMap<>();
    private final LagRatePolicy ratePolicy;

    public KafkaLagSource(KafkaConfig config, KafkaAdmins admins, IdleTriggerWatch idleWatch, Clock clock,
                          ConsumerReplicas replicas) {
        this.config = config;
        this.admins = admins;
        this.idleWatch = idleWatch;
        this.clock = clock;
        this.ratePolicy = new LagRatePolicy(replicas);
    }

    @Override
    public Class<KafkaTrigger> specType() {
        return KafkaTrigger.class;
    }

    @Override
    public SignalPace pace() {
        return new SignalPace(config.refreshInterval(), config.requestTimeout(), config.stalenessLimit(), BUDGET_KEY);
    }

    /** Stops startup on a bad Kafka configuration, listing every problem, rather than failing later per refresh. */
    @Override
    public void start(RefreshRequests requests) {
        List<String> problems = KafkaConfigProblems.of(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid Kafka configuration:\n - " + String.join("\n - ", problems));
        }
        idleWatch.start(requests);
    }

    /** Every spec of one lane is on one cluster ({@link KafkaTrigger#refreshLane()}). */
    @Override
    public Map<KafkaTrigger, SignalOutcome> refresh(Set<KafkaTrigger> specs, RefreshDeadline deadline) {
        KafkaClusterRef cluster = specs.iterator().next().cluster();
        try (KafkaAdmins.Lease lease = admins.lease(cluster)) {
            Map<KafkaTrigger, FetchedOffsets> fetched = new ClusterRefresh(cluster, lease, deadline).fetch(specs);
            long nowMillis = System.nanoTime() / 1_000_000;
            Instant observed = clock.instant();
            Map<KafkaTrigger, SignalOutcome> outcomes = new HashMap<>();
            fetched.forEach((spec, offsets) -> outcomes.put(spec, measure(spec, offsets, nowMillis, observed, deadline)));
            return outcomes;
        } catch (ClusterSetupException e) {
            return failAll(specs, e.getMessage());
        } catch (RuntimeException e) {
            return failAll(specs, "refresh of cluster '" + cluster.displayName() + "' failed: " + KafkaErrors.describe(e));
        }
    }

    @Override
    public void forget(KafkaTrigger spec) {
        stalledCommits.remove(spec);
        idleWatch.forget(spec);
        ratePolicy.forget(spec);
    }

    /** One trigger's reading from the offsets one refresh fetched; {@code nowMillis} is monotonic, for the stall window. */
    SignalOutcome measure(KafkaTrigger spec, FetchedOffsets fetched, long nowMillis, Instant observed, RefreshDeadline deadline) {
        if (fetched instanceof FetchedOffsets.Failure failure) {
            return new SignalOutcome.Failed(failure.reason());
        }
        FetchedOffsets.Found found = (FetchedOffsets.Found) fetched;
        Set<PartitionId> stalled = stalledCommits.computeIfAbsent(spec, s -> new StalledCommits(config.persistentLagWindow().toMillis()))
                .update(found.partitions(), nowMillis);
        LagResult lag = LagCalculator.total(spec, found.partitions(), stalled);
        idleWatch.observed(spec, lag.active(), found.partitions());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lag", lag.lag());
        details.put("activationLag", lag.activationLag());
        details.put("partitions", lag.partitions());
        details.put("partitionsWithLag", lag.partitionsWithLag());
        lag.replicaCap().ifPresent(cap -> details.put("replicaCap", cap));
        details.put("topics", found.topics());
        details.put(KafkaTrigger.STALLED_PARTITION_COUNT, stalled.size());
        if (!stalled.isEmpty()) {
            details.put("stalledPartitions", StalledPartitions.named(stalled));
        }
        details.put("lagPolicy", spec.lagPolicy().key());
        long desired = spec.lagPolicy() instanceof LagPolicy.Rate rate
                ? ratePolicy.desiredReplicas(spec, rate, found.partitions(), stalled, lag, observed, deadline, details)
                : lag.desiredReplicas();
        return new SignalOutcome.Measured(new SignalReading(KafkaTrigger.SIGNAL, lag.reportedLag(), desired,
                lag.active(), observed, Coverage.whole(lag.partitions(), "partitions"), details));
    }

    private static Map<KafkaTrigger, SignalOutcome> failAll(Set<KafkaTrigger> specs, String reason) {
        Map<KafkaTrigger, SignalOutcome> outcomes = new HashMap<>();
        specs.forEach(spec -> outcomes.put(spec, new SignalOutcome.Failed(reason)));
        return outcomes;
    }
}
