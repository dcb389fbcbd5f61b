package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.Excerpt;
import io.fusionscaler.signal.InvalidMetadataException;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the Kafka keys of a trigger with KEDA's kafka scaler names, defaults and rules, so a kafka trigger's
 * metadata moves over verbatim. Where KEDA would read authentication from a TriggerAuthentication, which it never
 * forwards to external scalers, the trigger names a cluster of the scaler's own config instead. {@code lagPolicy} and
 * the rate policy's keys are ours ({@link LagPolicyParser}).
 */
@ApplicationScoped
public class KafkaTriggerParser implements SignalParser {

    static final String KAFKA_CLUSTER = "kafkaCluster";
    static final String BOOTSTRAP_SERVERS = "bootstrapServers";
    static final String CONSUMER_GROUP = "consumerGroup";
    static final String TOPIC = "topic";
    static final String LAG_THRESHOLD = "lagThreshold";
    static final String ACTIVATION_LAG_THRESHOLD = "activationLagThreshold";
    static final String OFFSET_RESET_POLICY = "offsetResetPolicy";
    static final String ALLOW_IDLE_CONSUMERS = "allowIdleConsumers";
    static final String LIMIT_TO_PARTITIONS_WITH_LAG = "limitToPartitionsWithLag";
    static final String ENSURE_EVEN_DISTRIBUTION = "ensureEvenDistributionOfPartitions";
    static final String EXCLUDE_PERSISTENT_LAG = "excludePersistentLag";
    static final String SCALE_TO_ZERO_ON_INVALID_OFFSET = "scaleToZeroOnInvalidOffset";
    static final String PARTITION_LIMITATION = "partitionLimitation";
    static final String FULL_METADATA = "fullMetadata";
    static final String VERSION = "version";

    static final long DEFAULT_LAG_THRESHOLD = 10;

    static final Set<String> OPTION_KEYS = Set.of(KAFKA_CLUSTER, BOOTSTRAP_SERVERS, CONSUMER_GROUP, TOPIC, LAG_THRESHOLD,
            ACTIVATION_LAG_THRESHOLD, OFFSET_RESET_POLICY, ALLOW_IDLE_CONSUMERS, LIMIT_TO_PARTITIONS_WITH_LAG,
            ENSURE_EVEN_DISTRIBUTION, EXCLUDE_PERSISTENT_LAG, SCALE_TO_ZERO_ON_INVALID_OFFSET, PARTITION_LIMITATION,
            FULL_METADATA, VERSION);

    /** KEDA's kafka authentication keys, with the values that ask for nothing and so are harmless here. */
    static final Map<String, Optional<String>> SECURITY_KEYS = Map.ofEntries(
            Map.entry("sasl", Optional.of("none")),
            Map.entry("tls", Optional.of("disable")),
            Map.entry("saslTokenProvider", Optional.empty()),
            Map.entry("username", Optional.empty()),
            Map.entry("password", Optional.empty()),
            Map.entry("ca", Optional.empty()),
            Map.entry("cert", Optional.empty()),
            Map.entry("key", Optional.empty()),
            Map.entry("keyPassword", Optional.empty()),
            Map.entry("keytab", Optional.empty()),
            Map.entry("realm", Optional.empty()),
            Map.entry("kerberosConfig", Optional.empty()),
            Map.entry("kerberosServiceName", Optional.empty()),
            Map.entry("kerberosDisableFAST", Optional.empty()),
            Map.entry("oauthTokenEndpointUri", Optional.empty()),
            Map.entry("scopes", Optional.empty()),
            Map.entry("oauthExtensions", Optional.empty()),
            Map.entry("awsRegion", Optional.empty()),
            Map.entry("awsEndpoint", Optional.empty()));

    /** Kafka's own rule for topic names (org.apache.kafka.common.internals.Topic); "." and ".." are refused too. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** Kafka sends a group id as a protocol string: at most 32,767 bytes of UTF-8; a longer one kills the client's thread. */
    static final int MAX_GROUP_ID_BYTES = Short.MAX_VALUE;

    private final KafkaConfig config;
    private final Set<String> keys;

    @Inject
    public KafkaTriggerParser(KafkaConfig config) {
        this.config = config;
        Set<String> all = new HashSet<>(OPTION_KEYS);
        all.addAll(LagPolicyParser.KEYS);
        all.addAll(SECURITY_KEYS.keySet());
        this.keys = Set.copyOf(all);
    }

    @Override
    public String signal() {
        return KafkaTrigger.SIGNAL;
    }

    @Override
    public Set<String> keys() {
        return keys;
    }

    @Override
    public boolean isConfigured(TriggerMetadata metadata) {
        return keys.stream().anyMatch(metadata::has);
    }

    @Override
    public boolean keepsKedaKeyNames() {
        return true;
    }

    @Override
    public KafkaTrigger parse(TriggerContext context) throws InvalidMetadataException {
        TriggerMetadata metadata = context.metadata();
        rejectSecurityKeys(metadata);
        KafkaClusterRef cluster = cluster(metadata);
        String group = consumerGroup(metadata);
        String topic = metadata.string(TOPIC).orElse("");
        if (!topic.isEmpty() && (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals(".."))) {
            throw metadata.invalid(TOPIC, "must be one Kafka topic name (letters, digits, '.', '_', '-'; at most 249; "
                    + "not '.' or '..'), got " + Excerpt.quoted(topic) + "; leave it empty for every topic the group committed on");
        }
        long lagThreshold = metadata.longValue(LAG_THRESHOLD, DEFAULT_LAG_THRESHOLD);
        if (lagThreshold <= 0) {
            throw metadata.invalid(LAG_THRESHOLD, "must be > 0, got " + lagThreshold);
        }
        long activationLagThreshold = metadata.longValue(ACTIVATION_LAG_THRESHOLD, 0);
        if (activationLagThreshold < 0) {
            throw metadata.invalid(ACTIVATION_LAG_THRESHOLD, "must be >= 0, got " + activationLagThreshold);
        }
        OffsetResetPolicy policy = offsetResetPolicy(metadata);
        boolean allowIdleConsumers = metadata.bool(ALLOW_IDLE_CONSUMERS, false);
        boolean limitToPartitionsWithLag = metadata.bool(LIMIT_TO_PARTITIONS_WITH_LAG, false);
        boolean ensureEvenDistribution = metadata.bool(ENSURE_EVEN_DISTRIBUTION, false);
        boolean excludePersistentLag = metadata.bool(EXCLUDE_PERSISTENT_LAG, false);
        boolean scaleToZeroOnInvalidOffset = metadata.bool(SCALE_TO_ZERO_ON_INVALID_OFFSET, false);
        boolean fullMetadata = metadata.bool(FULL_METADATA, true);
        if (limitToPartitionsWithLag) {
            if (allowIdleConsumers) {
                throw metadata.invalid(LIMIT_TO_PARTITIONS_WITH_LAG, "cannot be combined with " + ALLOW_IDLE_CONSUMERS);
            }
            if (topic.isEmpty()) {
                throw metadata.invalid(LIMIT_TO_PARTITIONS_WITH_LAG, "requires " + TOPIC);
            }
        }
        if (ensureEvenDistribution) {
            if (limitToPartitionsWithLag) {
                throw metadata.invalid(ENSURE_EVEN_DISTRIBUTION, "cannot be combined with " + LIMIT_TO_PARTITIONS_WITH_LAG);
            }
            if (topic.isEmpty()) {
                throw metadata.invalid(ENSURE_EVEN_DISTRIBUTION, "requires " + TOPIC);
            }
        }
        if (!fullMetadata && topic.isEmpty()) {
            throw metadata.invalid(FULL_METADATA, "false requires " + TOPIC);
        }
        return new KafkaTrigger(cluster, group, topic, lagThreshold, activationLagThreshold, policy, allowIdleConsumers,
                limitToPartitionsWithLag, ensureEvenDistribution, excludePersistentLag, scaleToZeroOnInvalidOffset,
                partitionLimitation(metadata, topic), LagPolicyParser.parse(context));
    }

    private static String consumerGroup(TriggerMetadata metadata) throws InvalidMetadataException {
        String group = metadata.requiredString(CONSUMER_GROUP);
        int bytes = group.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_GROUP_ID_BYTES) {
            throw metadata.invalid(CONSUMER_GROUP, "must be at most " + MAX_GROUP_ID_BYTES
                    + " bytes of UTF-8 (Kafka's limit for a group id), got " + bytes + " bytes: " + Excerpt.quoted(group));
        }
        return group;
    }

    private static void rejectSecurityKeys(TriggerMetadata metadata) throws InvalidMetadataException {
        for (String key : new TreeSet<>(SECURITY_KEYS.keySet())) {
            if (!metadata.has(key)) {
                continue;
            }
            Optional<String> value = metadata.string(key);
            Optional<String> harmless = SECURITY_KEYS.get(key);
            if (value.isEmpty() || harmless.isPresent() && harmless.get().equals(value.get().toLowerCase(Locale.ROOT))) {
                continue;
            }
            throw metadata.invalid(key, "Kafka TLS/SASL settings cannot come from trigger metadata (KEDA never "
                    + "forwards TriggerAuthentication to external scalers): define them on a cluster under "
                    + "fusion.kafka.clusters.<name> in the scaler config and set " + KAFKA_CLUSTER + " to that name");
        }
    }

    private KafkaClusterRef cluster(TriggerMetadata metadata) throws InvalidMetadataException {
        Optional<String> named = metadata.string(KAFKA_CLUSTER);
        Optional<String> servers = metadata.string(BOOTSTRAP_SERVERS);
        if (named.isPresent() && servers.isPresent()) {
            throw metadata.invalid(KAFKA_CLUSTER, "set either " + KAFKA_CLUSTER + " or " + BOOTSTRAP_SERVERS + ", not both");
        }
        if (named.isPresent()) {
            if (!config.clusters().containsKey(named.get())) {
                throw metadata.invalid(KAFKA_CLUSTER, "no cluster " + Excerpt.quoted(named.get())
                        + " is defined in the scaler config; " + definedClusters());
            }
            return new KafkaClusterRef.Named(named.get());
        }
        if (servers.isEmpty()) {
            throw metadata.invalid(BOOTSTRAP_SERVERS, "is required, or set " + KAFKA_CLUSTER
                    + " to a cluster of the scaler config; " + definedClusters());
        }
        if (!config.allowBootstrapServers()) {
            throw metadata.invalid(BOOTSTRAP_SERVERS, "is disabled by this scaler "
                    + "(fusion.kafka.allow-bootstrap-servers=false); set " + KAFKA_CLUSTER + " instead; " + definedClusters());
        }
        Optional<String> problem = BootstrapServers.problem(servers.get());
        if (problem.isPresent()) {
            throw metadata.invalid(BOOTSTRAP_SERVERS, problem.get());
        }
        return new KafkaClusterRef.Bootstrap(servers.get());
    }

    private String definedClusters() {
        return config.clusters().isEmpty()
                ? "none is defined (fusion.kafka.clusters)"
                : "defined clusters: " + new TreeSet<>(config.clusters().keySet());
    }

    private static OffsetResetPolicy offsetResetPolicy(TriggerMetadata metadata) throws InvalidMetadataException {
        String value = metadata.string(OFFSET_RESET_POLICY).orElse(OffsetResetPolicy.LATEST.key());
        for (OffsetResetPolicy policy : OffsetResetPolicy.values()) {
            if (policy.key().equals(value)) {
                return policy;
            }
        }
        throw metadata.invalid(OFFSET_RESET_POLICY, "must be latest or earliest, got " + Excerpt.quoted(value));
    }

    /** KEDA ignores partitionLimitation without a topic, unparsed. */
    private static PartitionLimitation partitionLimitation(TriggerMetadata metadata, String topic) throws InvalidMetadataException {
        Optional<String> value = metadata.string(PARTITION_LIMITATION);
        if (topic.isEmpty() || value.isEmpty()) {
            return PartitionLimitation.ALL;
        }
        return PartitionLimitation.parse(metadata.spelling(PARTITION_LIMITATION), value.get());
    }
}
