package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.Excerpt;
import io.fusionscaler.signal.RefreshDeadline;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One refresh of every trigger on one cluster, in at most four Admin calls whatever the number of triggers:
 * committed offsets of all groups, one description of all topics, log-end offsets of all partitions, and
 * log-start offsets of the partitions whose lag needs them. A failing group, topic or partition fails only
 * the triggers that use it.
 *
 * <p>It also watches the shared client. An Admin call that throws, or that fails with anything but an answer from or
 * about the cluster (an {@link ApiException}), or with a timeout long before its deadline (what a client whose network
 * thread has died does to every call), shows the client itself is broken: the lease is told to replace it. Calls still
 * unanswered at the deadline are handed to the lease, which replaces a client that never answers them.
 */
final class ClusterRefresh {

    /** A timeout reported with more time than this left was not a wait for the cluster but the client giving up. */
    static final long EARLY_TIMEOUT_MARGIN_MILLIS = 100;

    private final KafkaClusterRef cluster;
    private final KafkaAdmins.Lease lease;
    private final Admin admin;
    private final RefreshDeadline deadline;
    private final List<Future<?>> unanswered = new ArrayList<>();
    /** Failures of the client itself rather than answers from or about the cluster, by identity. */
    private final Set<Throwable> clientFailures = Collections.newSetFromMap(new IdentityHashMap<>());

    ClusterRefresh(KafkaClusterRef cluster, KafkaAdmins.Lease lease, RefreshDeadline deadline) {
        this.cluster = cluster;
        this.lease = lease;
        this.admin = lease.admin();
        this.deadline = deadline;
    }

    Map<KafkaTrigger, FetchedOffsets> fetch(Collection<KafkaTrigger> triggers) {
        try {
            Map<KafkaTrigger, FetchedOffsets> results = fetchAll(triggers);
            if (!clientFailures.isEmpty()) {
                lease.replace("it failed a call itself instead of asking the cluster: "
                        + KafkaErrors.describe(clientFailures.iterator().next()));
            }
            return results;
        } catch (RuntimeException e) {
            lease.replace("an Admin call threw: " + KafkaErrors.describe(e));
            throw e;
        } finally {
            lease.unanswered(unanswered);
        }
    }

    private Map<KafkaTrigger, FetchedOffsets> fetchAll(Collection<KafkaTrigger> triggers) {
        Map<KafkaTrigger, FetchedOffsets> results = new HashMap<>();

        Set<String> groups = triggers.stream().map(KafkaTrigger::consumerGroup).collect(Collectors.toCollection(TreeSet::new));
        Answers<String, Map<PartitionId, Long>> commits = committedOffsets(groups);
        Map<KafkaTrigger, List<String>> topicsOf = new LinkedHashMap<>();
        for (KafkaTrigger trigger : triggers) {
            Throwable error = commits.errors().get(trigger.consumerGroup());
            if (error != null) {
                results.put(trigger, failure("cannot read the committed offsets of consumer group "
                        + Excerpt.quoted(trigger.consumerGroup()) + " on cluster '" + cluster.displayName() + "': " + why(error)));
            } else {
                topicsOf.put(trigger, trigger.hasTopic()
                        ? List.of(trigger.topic())
                        : committedTopics(commits.values().get(trigger.consumerGroup())));
            }
        }

        Answers<String, List<Integer>> topics = describe(topicsOf.values().stream().flatMap(List::stream)
                .collect(Collectors.toCollection(TreeSet::new)));
        Map<KafkaTrigger, List<PartitionId>> partitionsOf = new LinkedHashMap<>();
        topicsOf.forEach((trigger, names) -> {
            List<PartitionId> partitions = new ArrayList<>();
            for (String topic : names) {
                Throwable error = topics.errors().get(topic);
                if (error != null) {
                    results.put(trigger, failure(topicProblem(topic, error)));
                    return;
                }
                for (int partition : topics.values().get(topic)) {
                    if (!trigger.hasTopic() || trigger.partitionLimitation().includes(partition)) {
                        partitions.add(new PartitionId(topic, partition));
                    }
                }
            }
            partitionsOf.put(trigger, partitions);
        });

        Answers<PartitionId, Long> logEnds = offsets(partitionsOf.values().stream().flatMap(List::stream)
                .collect(Collectors.toCollection(TreeSet::new)), OffsetSpec.latest());
        Set<PartitionId> needStart = new TreeSet<>();
        partitionsOf.forEach((trigger, partitions) -> {
            if (trigger.offsetResetPolicy() == OffsetResetPolicy.EARLIEST && !trigger.scaleToZeroOnInvalidOffset()) {
                Map<PartitionId, Long> committed = commits.values().get(trigger.consumerGroup());
                partitions.stream().filter(p -> !committed.containsKey(p)).forEach(needStart::add);
            }
        });
        Answers<PartitionId, Long> logStarts = offsets(needStart, OffsetSpec.earliest());

        partitionsOf.forEach((trigger, partitions) -> results.put(trigger, assemble(trigger, topicsOf.get(trigger), partitions,
                commits.values().get(trigger.consumerGroup()), logEnds, logStarts)));
        return results;
    }

    private FetchedOffsets assemble(KafkaTrigger trigger, List<String> topics, List<PartitionId> partitions,
                                    Map<PartitionId, Long> committed, Answers<PartitionId, Long> logEnds,
                                    Answers<PartitionId, Long> logStarts) {
        List<PartitionOffsets> offsets = new ArrayList<>(partitions.size());
        for (PartitionId partition : partitions) {
            Throwable endError = logEnds.errors().get(partition);
            // A partition the broker has no answer for counts as lag 0, as in KEDA (an Event Hubs quirk there).
            if (endError != null && !(endError instanceof UnknownTopicOrPartitionException)) {
                return failure("cannot read the log-end offset of partition " + partition + " on cluster '"
                        + cluster.displayName() + "': " + why(endError));
            }
            Throwable startError = logStarts.errors().get(partition);
            if (startError != null) {
                return failure("cannot read the log-start offset of partition " + partition + " on cluster '"
                        + cluster.displayName() + "': " + why(startError));
            }
            offsets.add(new PartitionOffsets(partition, optional(committed.get(partition)),
                    optional(logEnds.values().get(partition)), optional(logStarts.values().get(partition))));
        }
        return new FetchedOffsets.Found(topics, offsets);
    }

    private Answers<String, Map<PartitionId, Long>> committedOffsets(Set<String> groups) {
        if (groups.isEmpty()) {
            return Answers.empty();
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(specs,
                new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs()));
        Map<String, KafkaFuture<Map<TopicPartition, OffsetAndMetadata>>> futures = new LinkedHashMap<>();
        groups.forEach(group -> futures.put(group, result.partitionsToOffsetAndMetadata(group)));
        return await(futures, ClusterRefresh::committed);
    }

    private Answers<String, List<Integer>> describe(Set<String> topics) {
        if (topics.isEmpty()) {
            return Answers.empty();
        }
        Map<String, KafkaFuture<TopicDescription>> futures =
                admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(timeoutMs())).topicNameValues();
        return await(futures, description -> description.partitions().stream().map(p -> p.partition()).sorted()
                .collect(Collectors.toList()));
    }

    private Answers<PartitionId, Long> offsets(Set<PartitionId> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Answers.empty();
        }
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.forEach(p -> request.put(new TopicPartition(p.topic(), p.partition()), spec));
        ListOffsetsResult result = admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(timeoutMs()));
        Map<PartitionId, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> futures = new LinkedHashMap<>();
        partitions.forEach(p -> futures.put(p, result.partitionResult(new TopicPartition(p.topic(), p.partition()))));
        return await(futures, ListOffsetsResult.ListOffsetsResultInfo::offset);
    }

    /** Waits for every future until the deadline, keeping each key's value or error. */
    private <K, V, R> Answers<K, R> await(Map<K, KafkaFuture<V>> futures, Function<V, R> convert) {
        Map<K, R> values = new HashMap<>();
        Map<K, Throwable> errors = new HashMap<>();
        for (Map.Entry<K, KafkaFuture<V>> entry : futures.entrySet()) {
            try {
                values.put(entry.getKey(), convert.apply(entry.getValue().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS)));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (isClientFailure(cause)) {
                    clientFailures.add(cause);
                }
                errors.put(entry.getKey(), cause);
            } catch (TimeoutException e) {
                unanswered.add(entry.getValue());
                errors.put(entry.getKey(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.put(entry.getKey(), e);
            }
        }
        return new Answers<>(values, errors);
    }

    private boolean isClientFailure(Throwable error) {
        if (!(error instanceof ApiException)) {
            return true;
        }
        return KafkaErrors.isTimeout(error) && deadline.remainingMillis() > EARLY_TIMEOUT_MARGIN_MILLIS;
    }

    private record Answers<K, V>(Map<K, V> values, Map<K, Throwable> errors) {

        static <K, V> Answers<K, V> empty() {
            return new Answers<>(Map.of(), Map.of());
        }
    }

    private static Map<PartitionId, Long> committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<PartitionId, Long> committed = new HashMap<>();
        // The Admin maps a partition the group never committed on to null.
        offsets.forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(new PartitionId(tp.topic(), tp.partition()), offset.offset());
            }
        });
        return committed;
    }

    private static List<String> committedTopics(Map<PartitionId, Long> committed) {
        return committed.keySet().stream().map(PartitionId::topic).distinct().sorted().collect(Collectors.toList());
    }

    private String topicProblem(String topic, Throwable error) {
        if (error instanceof UnknownTopicOrPartitionException) {
            return "topic " + Excerpt.quoted(topic) + " does not exist on cluster '" + cluster.displayName() + "'";
        }
        return "cannot describe topic " + Excerpt.quoted(topic) + " on cluster '" + cluster.displayName() + "': " + why(error);
    }

    private String why(Throwable error) {
        if (clientFailures.contains(error)) {
            return "the Kafka client failed the call itself (" + KafkaErrors.describe(error) + "); it is replaced for the next refresh";
        }
        if (KafkaErrors.isTimeout(error)) {
            return "no answer within " + deadline.budget().toMillis() + " ms (" + KafkaErrors.describe(error) + ")";
        }
        return KafkaErrors.describe(error);
    }

    private int timeoutMs() {
        return (int) Math.max(1, deadline.remainingMillis());
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static FetchedOffsets failure(String reason) {
        return new FetchedOffsets.Failure(reason);
    }
}
