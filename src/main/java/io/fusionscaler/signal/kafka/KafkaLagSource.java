package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.SignalSource;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kafka consumer lag for every tracked trigger. Each refresh groups triggers by cluster and refreshes the
 * clusters in parallel, each with a few batched Admin calls bounded by {@code request-timeout}, so one dead
 * cluster neither stalls the others nor the refresh for longer than that.
 */
@ApplicationScoped
public class KafkaLagSource implements SignalSource<KafkaTrigger>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaLagSource.class);
    /** Beyond the request timeout, time for a cluster task to build its answer before it is given up. */
    private static final long GRACE_MILLIS = 1_000;

    private final KafkaConfig config;
    private final KafkaAdmins admins;
    private final KafkaMetrics metrics;
    private final ExecutorService executor;
    private final Map<KafkaTrigger, StalledCommits> stalledCommits = new ConcurrentHashMap<>();
    private final Set<KafkaClusterRef> failingClusters = ConcurrentHashMap.newKeySet();

    @Inject
    public KafkaLagSource(KafkaConfig config, KafkaAdmins admins, MeterRegistry registry) {
        this.config = config;
        this.admins = admins;
        this.metrics = new KafkaMetrics(registry);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fusion-kafka-refresh-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Class<KafkaTrigger> specType() {
        return KafkaTrigger.class;
    }

    @Override
    public Map<KafkaTrigger, SignalOutcome> refresh(Set<KafkaTrigger> specs) {
        Map<KafkaClusterRef, List<KafkaTrigger>> byCluster = new LinkedHashMap<>();
        specs.forEach(spec -> byCluster.computeIfAbsent(spec.cluster(), c -> new ArrayList<>()).add(spec));
        List<KafkaClusterRef> clusters = new ArrayList<>(byCluster.keySet());
        List<Callable<Map<KafkaTrigger, SignalOutcome>>> tasks = new ArrayList<>();
        clusters.forEach(cluster -> tasks.add(() -> refreshCluster(cluster, byCluster.get(cluster))));

        Map<KafkaTrigger, SignalOutcome> outcomes = new HashMap<>();
        long budgetMillis = config.requestTimeout().toMillis() + GRACE_MILLIS;
        try {
            List<Future<Map<KafkaTrigger, SignalOutcome>>> futures = executor.invokeAll(tasks, budgetMillis, TimeUnit.MILLISECONDS);
            for (int i = 0; i < futures.size(); i++) {
                outcomes.putAll(outcome(futures.get(i), clusters.get(i), byCluster.get(clusters.get(i))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failAll(List.copyOf(specs), "Kafka refresh interrupted");
        } catch (RejectedExecutionException e) {
            return failAll(List.copyOf(specs), "the Kafka source is shut down");
        }
        return outcomes;
    }

    @Override
    public void forget(KafkaTrigger spec) {
        stalledCommits.remove(spec);
    }

    @PreDestroy
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private Map<KafkaTrigger, SignalOutcome> outcome(Future<Map<KafkaTrigger, SignalOutcome>> future, KafkaClusterRef cluster,
                                                     List<KafkaTrigger> specs) {
        try {
            return future.get();
        } catch (CancellationException e) {
            return failAll(specs, "refresh of cluster '" + cluster.displayName() + "' did not finish within "
                    + config.requestTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            return failAll(specs, "refresh of cluster '" + cluster.displayName() + "' failed: " + KafkaErrors.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failAll(specs, "Kafka refresh interrupted");
        }
    }

    private Map<KafkaTrigger, SignalOutcome> refreshCluster(KafkaClusterRef cluster, List<KafkaTrigger> specs) {
        Timer.Sample sample = Timer.start();
        Map<KafkaTrigger, SignalOutcome> outcomes = fetchAndMeasure(cluster, specs);
        sample.stop(metrics.refreshDuration(cluster));
        recordErrors(cluster, outcomes);
        return outcomes;
    }

    private Map<KafkaTrigger, SignalOutcome> fetchAndMeasure(KafkaClusterRef cluster, List<KafkaTrigger> specs) {
        try (KafkaAdmins.Lease lease = admins.lease(cluster)) {
            Map<KafkaTrigger, FetchedOffsets> fetched =
                    new ClusterRefresh(cluster, lease, config.requestTimeout().toMillis()).fetch(specs);
            long nowMillis = System.nanoTime() / 1_000_000;
            Map<KafkaTrigger, SignalOutcome> outcomes = new HashMap<>();
            fetched.forEach((spec, offsets) -> outcomes.put(spec, measure(spec, offsets, nowMillis)));
            return outcomes;
        } catch (ClusterSetupException e) {
            return failAll(specs, e.getMessage());
        } catch (RuntimeException e) {
            return failAll(specs, "refresh of cluster '" + cluster.displayName() + "' failed: " + KafkaErrors.describe(e));
        }
    }

    private SignalOutcome measure(KafkaTrigger spec, FetchedOffsets fetched, long nowMillis) {
        if (fetched instanceof FetchedOffsets.Failure failure) {
            return new SignalOutcome.Failed(failure.reason());
        }
        FetchedOffsets.Found found = (FetchedOffsets.Found) fetched;
        Set<PartitionId> stalled = Set.of();
        if (spec.excludePersistentLag()) {
            Map<PartitionId, Long> committed = new HashMap<>();
            found.partitions().forEach(p -> p.committed().ifPresent(offset -> committed.put(p.partition(), offset)));
            stalled = stalledCommits.computeIfAbsent(spec, s -> new StalledCommits(config.persistentLagWindow().toMillis()))
                    .update(committed, nowMillis);
        }
        LagResult lag = LagCalculator.total(spec, found.partitions(), stalled);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lag", lag.lag());
        details.put("activationLag", lag.activationLag());
        details.put("partitions", lag.partitions());
        details.put("partitionsWithLag", lag.partitionsWithLag());
        lag.replicaCap().ifPresent(cap -> details.put("replicaCap", cap));
        details.put("topics", found.topics());
        return new SignalOutcome.Measured(new SignalReading(KafkaTrigger.SIGNAL, lag.reportedLag(), lag.desiredReplicas(),
                lag.active(), details));
    }

    private void recordErrors(KafkaClusterRef cluster, Map<KafkaTrigger, SignalOutcome> outcomes) {
        String firstFailure = outcomes.values().stream()
                .filter(SignalOutcome.Failed.class::isInstance)
                .map(o -> ((SignalOutcome.Failed) o).reason())
                .sorted()
                .findFirst()
                .orElse(null);
        if (firstFailure == null) {
            metrics.refreshErrors(cluster); // registered at 0, so the series exists before the first error
            if (failingClusters.remove(cluster)) {
                LOG.infof("Kafka cluster '%s' refreshes fully again", cluster.displayName());
            }
            return;
        }
        metrics.refreshErrors(cluster).increment();
        if (failingClusters.add(cluster)) {
            LOG.warnf("Kafka refresh failing on cluster '%s': %s", cluster.displayName(), firstFailure);
        }
    }

    private static Map<KafkaTrigger, SignalOutcome> failAll(List<KafkaTrigger> specs, String reason) {
        Map<KafkaTrigger, SignalOutcome> outcomes = new HashMap<>();
        specs.forEach(spec -> outcomes.put(spec, new SignalOutcome.Failed(reason)));
        return outcomes;
    }
}
