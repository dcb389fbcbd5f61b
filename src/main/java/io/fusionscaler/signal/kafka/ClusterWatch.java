package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.RefreshRequests;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One cluster's part of the {@link IdleTriggerWatch}: a consumer with no group (assigned partitions, no membership,
 * no commits) that long-polls the partitions of the cluster's idle triggers, each from the log-end offset the trigger's
 * last reading saw, so a record that reading did not count wakes it. Readings arrive on the engine's workers; the
 * consumer is touched only by this watch's thread, which applies the changes between polls.
 *
 * <p>A woken trigger is disarmed until a reading at least one refresh interval later finds it still idle: traffic
 * that keeps a trigger below its activation threshold then costs at most one extra refresh per interval, and the
 * consumer stops fetching partitions no armed trigger watches. Up to {@code fusion.kafka.wake.max-partitions}
 * partitions are followed, in the order triggers went idle; the rest are counted and wake at the next refresh.
 */
final class ClusterWatch {

    private static final Logger LOG = Logger.getLogger(ClusterWatch.class);
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final long FIRST_BACKOFF_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final KafkaClusterRef cluster;
    private final KafkaConfig config;
    private final Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers;
    private final RefreshRequests requests;
    private final LongSupplier nanoClock;
    private final LongAdder wakeUps = new LongAdder();
    private final Object lock = new Object();
    private final Map<KafkaTrigger, Watched> watched = new LinkedHashMap<>();
    private final Set<PartitionId> toRewind = new HashSet<>();
    private boolean changed;
    private boolean closed;
    private int assignedCount;
    private int unwatchedCount;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private String lastFailure;
    private KafkaClientSettings settings;

    /** A watched trigger: where its last idle reading saw each partition end, and whether a record should wake it. */
    private static final class Watched {
        private Map<PartitionId, Long> from;
        private boolean armed = true;
        private long wokenAtNanos;

        private Watched(Map<PartitionId, Long> from) {
            this.from = from;
        }
    }

    ClusterWatch(KafkaClusterRef cluster, KafkaConfig config, Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers,
                 RefreshRequests requests, LongSupplier nanoClock) {
        this.cluster = cluster;
        this.config = config;
        this.consumers = consumers;
        this.requests = requests;
        this.nanoClock = nanoClock;
    }

    void startThread() {
        thread = new Thread(this::run, "fusion-kafka-wake-" + cluster.metricTag());
        thread.setDaemon(true);
        thread.start();
    }

    /** An idle reading of {@code spec}; partitions without a known log end are followed from their end now. */
    void watch(KafkaTrigger spec, List<PartitionOffsets> partitions) {
        Map<PartitionId, Long> from = new LinkedHashMap<>();
        partitions.forEach(p -> from.put(p.partition(), p.logEnd().isPresent() ? p.logEnd().getAsLong() : -1L));
        synchronized (lock) {
            Watched known = watched.get(spec);
            if (known == null) {
                watched.put(spec, new Watched(from));
                toRewind.addAll(from.keySet());
                changed();
            } else if (!known.armed && nanoClock.getAsLong() - known.wokenAtNanos >= config.refreshInterval().toNanos()) {
                known.armed = true;
                known.from = from;
                toRewind.addAll(from.keySet());
                changed();
            } else if (known.armed && !known.from.keySet().equals(from.keySet())) {
                known.from = from;
                changed();
            }
        }
    }

    void unwatch(KafkaTrigger spec) {
        synchronized (lock) {
            if (watched.remove(spec) != null) {
                changed();
            }
        }
    }

    IdleTriggerWatch.WatchFigures figures() {
        synchronized (lock) {
            return new IdleTriggerWatch.WatchFigures(assignedCount, unwatchedCount, wakeUps.sum());
        }
    }

    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        wakeConsumer();
        if (thread == null) {
            closeConsumer();
        }
    }

    private void run() {
        while (!isClosed()) {
            step();
            if (consumer == null) {
                awaitChange();
            }
        }
        closeConsumer();
    }

    /**
     * One turn of the watch: apply what changed, then one long poll; with nothing to follow, close the consumer; on a
     * broken consumer, back off and start over.
     */
    void step() {
        try {
            Plan plan = plan();
            if (plan == null) {
                poll();
            } else if (plan.starts().isEmpty()) {
                closeConsumer();
            } else {
                applyOrRetry(plan);
                poll();
            }
            if (lastFailure != null) {
                LOG.infof("the wake-up watch of cluster '%s' works again", cluster.displayName());
                lastFailure = null;
            }
            backoffMillis = FIRST_BACKOFF_MILLIS;
        } catch (WakeupException e) {
            // a change or close: the next step applies it
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
            close();
        } catch (ClusterSetupException | KafkaException | IllegalStateException e) {
            failed(e);
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** What to follow, when the set of armed partitions changed since the last step; null when nothing did. */
    private Plan plan() {
        synchronized (lock) {
            if (!changed && consumer != null) {
                return null;
            }
            changed = false;
            Map<PartitionId, Long> starts = new LinkedHashMap<>();
            Set<PartitionId> over = new HashSet<>();
            int limit = config.wake().maxPartitions();
            for (Watched w : watched.values()) {
                if (!w.armed) {
                    continue;
                }
                w.from.forEach((partition, offset) -> {
                    if (starts.containsKey(partition)) {
                        starts.merge(partition, offset, ClusterWatch::earlier);
                    } else if (starts.size() < limit) {
                        starts.put(partition, offset);
                    } else {
                        over.add(partition);
                    }
                });
            }
            Set<PartitionId> rewind = new HashSet<>(toRewind);
            rewind.retainAll(starts.keySet());
            toRewind.clear();
            assignedCount = starts.size();
            unwatchedCount = over.size();
            return new Plan(starts, rewind);
        }
    }

    /** The partitions to follow, each from where its armed triggers last saw it end (-1: its end now). */
    private record Plan(Map<PartitionId, Long> starts, Set<PartitionId> rewind) {
    }

    private static long earlier(long a, long b) {
        if (a < 0 || b < 0) {
            return Math.max(a, b) < 0 ? -1 : Math.max(a, b);
        }
        return Math.min(a, b);
    }

    /** Applies {@code plan}; when a change interrupts it half way, the next step applies it whole again. */
    private void applyOrRetry(Plan plan) throws ClusterSetupException {
        try {
            apply(plan);
        } catch (WakeupException e) {
            synchronized (lock) {
                toRewind.addAll(plan.starts().keySet());
                changed = true;
            }
            throw e;
        }
    }

    private void apply(Plan plan) throws ClusterSetupException {
        Consumer<byte[], byte[]> current = consumer == null ? openConsumer() : consumer;
        Set<TopicPartition> before = current.assignment();
        Map<TopicPartition, Long> starts = new HashMap<>();
        plan.starts().forEach((p, offset) -> starts.put(new TopicPartition(p.topic(), p.partition()), offset));
        current.assign(starts.keySet());
        Set<TopicPartition> toEnd = new HashSet<>();
        starts.forEach((tp, offset) -> {
            boolean fresh = !before.contains(tp);
            if (!fresh && !plan.rewind().contains(new PartitionId(tp.topic(), tp.partition()))) {
                return;
            }
            if (offset < 0) {
                if (fresh) {
                    toEnd.add(tp);
                }
            } else if (fresh || current.position(tp) > offset) {
                current.seek(tp, offset);
            }
        });
        if (!toEnd.isEmpty()) {
            current.seekToEnd(toEnd);
        }
    }

    private void poll() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
            return;
        }
        Set<PartitionId> arrived = new HashSet<>();
        records.partitions().forEach(tp -> arrived.add(new PartitionId(tp.topic(), tp.partition())));
        List<KafkaTrigger> toWake;
        synchronized (lock) {
            long now = nanoClock.getAsLong();
            toWake = watched.entrySet().stream()
                    .filter(e -> e.getValue().armed && e.getValue().from.keySet().stream().anyMatch(arrived::contains))
                    .map(Map.Entry::getKey)
                    .toList();
            for (KafkaTrigger spec : toWake) {
                Watched w = watched.get(spec);
                w.armed = false;
                w.wokenAtNanos = now;
            }
            if (!toWake.isEmpty()) {
                changed = true;
            }
        }
        toWake.forEach(spec -> {
            wakeUps.increment();
            requests.refreshNow(spec);
        });
    }

    private Consumer<byte[], byte[]> openConsumer() throws ClusterSetupException {
        settings = KafkaClientSettings.forCluster(cluster, config);
        Map<String, Object> properties = new HashMap<>(settings.properties());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "fusion-scaler-wake-" + cluster.metricTag());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.wake().fetchWait().toMillis());
        // Only the arrival matters, never the records: the broker still sends a whole first batch past these limits.
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024);
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024);
        properties.put(ConsumerConfig.CHECK_CRCS_CONFIG, false);
        Consumer<byte[], byte[]> opened = consumers.apply(properties);
        consumer = opened;
        return opened;
    }

    private void awaitChange() {
        synchronized (lock) {
            while (!changed && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    private void changed() {
        changed = true;
        lock.notifyAll();
        wakeConsumer();
    }

    private void wakeConsumer() {
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void failed(Exception e) {
        String described = e instanceof ClusterSetupException ? e.getMessage() : KafkaErrors.describe(e);
        String reason = settings == null ? described : settings.redact(described);
        if (!reason.equals(lastFailure)) {
            LOG.warnf("the wake-up watch of cluster '%s' failed (%s); idle triggers wake at the next refresh until it works "
                    + "again, retrying in %d ms", cluster.displayName(), reason, backoffMillis);
            lastFailure = reason;
        }
        closeConsumer();
        synchronized (lock) {
            changed = true;
            watched.values().forEach(w -> toRewind.addAll(w.from.keySet()));
            long deadline = System.currentTimeMillis() + backoffMillis;
            for (long left = backoffMillis; left > 0 && !closed; left = deadline - System.currentTimeMillis()) {
                try {
                    lock.wait(left);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    private void closeConsumer() {
        Consumer<byte[], byte[]> current = consumer;
        consumer = null;
        if (current != null) {
            try {
                current.close(CloseOptions.timeout(Duration.ofSeconds(1)));
            } catch (RuntimeException e) {
                LOG.debugf(e, "closing the wake-up consumer of cluster '%s'", cluster.displayName());
            }
        }
    }
}
