package io.fusionscaler.signal.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Finds every mistake in the Kafka configuration, each message naming the property and how to fix it. */
final class KafkaConfigProblems {

    private static final String PREFIX = "fusion.kafka.";
    /** Client properties that have a key of their own in a cluster's config. */
    private static final Map<String, String> DEDICATED_PROPERTIES = Map.of(
            "bootstrap.servers", "bootstrap-servers",
            "security.protocol", "security-protocol",
            "sasl.mechanism", "sasl-mechanism");

    private KafkaConfigProblems() {
    }

    static List<String> of(KafkaConfig config) {
        List<String> problems = new ArrayList<>();
        positive(problems, "refresh-interval", config.refreshInterval());
        positive(problems, "request-timeout", config.requestTimeout());
        positive(problems, "staleness-limit", config.stalenessLimit());
        positive(problems, "admin-idle-timeout", config.adminIdleTimeout());
        if (config.requestTimeout().toMillis() > Integer.MAX_VALUE) {
            problems.add(PREFIX + "request-timeout: must be at most " + Integer.MAX_VALUE + " ms");
        }
        if (config.persistentLagWindow().isNegative()) {
            problems.add(PREFIX + "persistent-lag-window: must not be negative");
        }
        positive(problems, "wake.fetch-wait", config.wake().fetchWait());
        if (config.wake().fetchWait().toMillis() > Integer.MAX_VALUE) {
            problems.add(PREFIX + "wake.fetch-wait: must be at most " + Integer.MAX_VALUE + " ms");
        }
        if (config.wake().maxPartitions() < 1) {
            problems.add(PREFIX + "wake.max-partitions: must be positive, got " + config.wake().maxPartitions());
        }
        new TreeMap<>(config.clusters()).forEach((name, cluster) -> cluster(problems, PREFIX + "clusters." + name + ".", cluster));
        return problems;
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            problems.add(PREFIX + key + ": must be positive, got " + value);
        }
    }

    private static void cluster(List<String> problems, String prefix, KafkaConfig.Cluster cluster) {
        BootstrapServers.problem(cluster.bootstrapServers())
                .ifPresent(p -> problems.add(prefix + "bootstrap-servers: " + p));
        KafkaSecurityProtocol protocol = cluster.securityProtocol();
        if (protocol.usesSasl()) {
            if (cluster.saslMechanism().isEmpty() || cluster.saslUsername().isEmpty() || cluster.saslPasswordFile().isEmpty()) {
                problems.add(prefix + "security-protocol " + protocol
                        + " needs sasl-mechanism, sasl-username and sasl-password-file");
            }
        } else {
            forbidden(problems, prefix, "sasl-mechanism", cluster.saslMechanism(), protocol);
            forbidden(problems, prefix, "sasl-username", cluster.saslUsername(), protocol);
            forbidden(problems, prefix, "sasl-password-file", cluster.saslPasswordFile(), protocol);
        }
        if (protocol.usesTls()) {
            if (cluster.tlsCertFile().isPresent() != cluster.tlsKeyFile().isPresent()) {
                problems.add(prefix + "tls-cert-file and tls-key-file: set both for mTLS, or neither");
            }
        } else {
            forbidden(problems, prefix, "tls-ca-file", cluster.tlsCaFile(), protocol);
            forbidden(problems, prefix, "tls-cert-file", cluster.tlsCertFile(), protocol);
            forbidden(problems, prefix, "tls-key-file", cluster.tlsKeyFile(), protocol);
        }
        readable(problems, prefix, "sasl-password-file", cluster.saslPasswordFile());
        readable(problems, prefix, "tls-ca-file", cluster.tlsCaFile());
        readable(problems, prefix, "tls-cert-file", cluster.tlsCertFile());
        readable(problems, prefix, "tls-key-file", cluster.tlsKeyFile());
        new TreeMap<>(cluster.properties()).keySet().forEach(property -> refusedProperty(property)
                .ifPresent(why -> problems.add(prefix + "properties.\"" + property + "\": " + why)));
    }

    private static void forbidden(List<String> problems, String prefix, String key, Optional<?> value,
                                  KafkaSecurityProtocol protocol) {
        if (value.isPresent()) {
            problems.add(prefix + key + ": is set but security-protocol " + protocol + " does not use it");
        }
    }

    private static void readable(List<String> problems, String prefix, String key, Optional<Path> file) {
        if (file.isPresent() && !Files.isReadable(file.get())) {
            problems.add(prefix + key + ": cannot read file " + file.get());
        }
    }

    /** Why an extra client property is refused: it would bypass the dedicated keys or put a secret in config text. */
    private static Optional<String> refusedProperty(String property) {
        String name = property.toLowerCase(Locale.ROOT);
        if (DEDICATED_PROPERTIES.containsKey(name)) {
            return Optional.of("set it with " + DEDICATED_PROPERTIES.get(name));
        }
        if (name.equals("sasl.jaas.config") || name.contains("password")) {
            return Optional.of("secrets are never read from configuration text; use sasl-username and sasl-password-file");
        }
        if (name.startsWith("ssl.truststore.") || name.startsWith("ssl.keystore.") || name.startsWith("ssl.key.")) {
            return Optional.of("TLS material is set with tls-ca-file, tls-cert-file and tls-key-file");
        }
        return Optional.empty();
    }
}
