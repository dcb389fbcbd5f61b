package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.RefreshRequests;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Wakes idle triggers the moment a record arrives, rather than at their cluster's next refresh. The partitions of
 * every trigger whose last reading was inactive are followed by one group-less consumer per cluster
 * ({@link ClusterWatch}); a record past the log end that reading saw asks the engine to refresh that trigger alone, at
 * once. Active triggers are not watched: their lane's refresh interval serves them. The watch only ever adds
 * refreshes, never answers: if it fails, idle triggers wake at the next refresh, as they would without it.
 */
@ApplicationScoped
public class IdleTriggerWatch implements AutoCloseable {

    private final KafkaConfig config;
    private final Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers;
    private final LongSupplier nanoClock;
    private final boolean threads;
    private final Map<KafkaClusterRef, ClusterWatch> clusters = new HashMap<>();
    private RefreshRequests requests;
    private boolean closed;

    @Inject
    public IdleTriggerWatch(KafkaConfig config) {
        this(config, properties -> new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                System::nanoTime, true);
    }

    /** With {@code threads} false, no thread polls: tests drive each cluster's watch by {@link ClusterWatch#step()}. */
    IdleTriggerWatch(KafkaConfig config, Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers,
                     LongSupplier nanoClock, boolean threads) {
        this.config = config;
        this.consumers = consumers;
        this.nanoClock = nanoClock;
        this.threads = threads;
    }

    /** Starts watching; until then (and when {@code fusion.kafka.wake.enabled} is false) readings are ignored. */
    synchronized void start(RefreshRequests engineRequests) {
        if (config.wake().enabled()) {
            requests = engineRequests;
        }
    }

    /** A reading of {@code spec}: watched from the offsets it saw while inactive, no more once active. */
    void observed(KafkaTrigger spec, boolean active, List<PartitionOffsets> partitions) {
        ClusterWatch watch = active ? existing(spec.cluster()) : watchOf(spec.cluster());
        if (watch == null) {
            return;
        }
        if (active) {
            watch.unwatch(spec);
        } else {
            watch.watch(spec, partitions);
        }
    }

    void forget(KafkaTrigger spec) {
        ClusterWatch watch = existing(spec.cluster());
        if (watch != null) {
            watch.unwatch(spec);
        }
    }

    /** Per cluster (its metric tag): what the watch follows and how often it woke a trigger. */
    public synchronized Map<String, WatchFigures> figures() {
        Map<String, WatchFigures> figures = new TreeMap<>();
        clusters.forEach((cluster, watch) -> figures.put(cluster.metricTag(), watch.figures()));
        return figures;
    }

    @PreDestroy
    @Override
    public void close() {
        List<ClusterWatch> watches;
        synchronized (this) {
            closed = true;
            watches = List.copyOf(clusters.values());
            clusters.clear();
        }
        watches.forEach(ClusterWatch::close);
    }

    synchronized ClusterWatch existing(KafkaClusterRef cluster) {
        return clusters.get(cluster);
    }

    private synchronized ClusterWatch watchOf(KafkaClusterRef cluster) {
        if (requests == null || closed) {
            return null;
        }
        return clusters.computeIfAbsent(cluster, c -> {
            ClusterWatch watch = new ClusterWatch(c, config, consumers, requests, nanoClock);
            if (threads) {
                watch.startThread();
            }
            return watch;
        });
    }

    /**
     * @param watchedPartitions   partitions the cluster's consumer follows now
     * @param unwatchedPartitions partitions of idle triggers left out by {@code fusion.kafka.wake.max-partitions}
     * @param wakeUps             refreshes the watch asked for since the scaler started
     */
    public record WatchFigures(int watchedPartitions, int unwatchedPartitions, long wakeUps) {
    }
}
