package io.fusionscaler.signal.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How the scaler reaches Kafka: named clusters with their security settings, and client timings. */
@ConfigMapping(prefix = "fusion.kafka")
public interface KafkaConfig {

    /** Clusters that triggers name with {@code kafkaCluster}; the only way to use TLS or SASL. */
    Map<String, Cluster> clusters();

    /** Pause between two refreshes of one cluster's lag. */
    @WithDefault("1s")
    Duration refreshInterval();

    /** Longest time one refresh of one cluster may take, every Admin call included (the engine's budget for it). */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Lag older than this is unknown: answers that depend on it become UNAVAILABLE. */
    @WithDefault("10s")
    Duration stalenessLimit();

    /** How long a committed offset must stay put before excludePersistentLag ignores its lag; 0 = since the previous refresh. */
    @WithDefault("30s")
    Duration persistentLagWindow();

    /** Whether triggers may name brokers with {@code bootstrapServers}; false limits the scaler to the named clusters. */
    @WithDefault("true")
    boolean allowBootstrapServers();

    /** An Admin client no refresh has used for this long is closed. */
    @WithDefault("10m")
    Duration adminIdleTimeout();

    /** The wake-up watch: a group-less consumer per cluster that follows the partitions of idle triggers. */
    Wake wake();

    /** The wake-up watch of idle triggers (README "Wake-up"). */
    interface Wake {

        /** Whether idle triggers are watched; without it an idle trigger wakes at its cluster's next refresh. */
        @WithDefault("true")
        boolean enabled();

        /** Most partitions one cluster's watch follows; idle triggers beyond it wake at the next refresh, and are counted. */
        @WithDefault("5000")
        int maxPartitions();

        /** How long the broker holds one fetch of the watch open while nothing arrives (the consumer's fetch.max.wait.ms). */
        @WithDefault("100ms")
        Duration fetchWait();
    }

    /** One named cluster. Secrets come from files, never from configuration text. */
    interface Cluster {

        /** Comma-separated {@code host:port} list of brokers. */
        String bootstrapServers();

        /** Kafka's {@code security.protocol}. */
        @WithDefault("PLAINTEXT")
        KafkaSecurityProtocol securityProtocol();

        /** SASL mechanism; required with SASL_PLAINTEXT and SASL_SSL. */
        Optional<SaslMechanism> saslMechanism();

        /** SASL user name. */
        Optional<String> saslUsername();

        /** File holding the SASL password, read whenever the Admin client is created. */
        Optional<Path> saslPasswordFile();

        /** PEM file of the CA certificates to trust; the JVM's trust store when absent. */
        Optional<Path> tlsCaFile();

        /** PEM client certificate chain for mTLS; needs {@code tls-key-file}. */
        Optional<Path> tlsCertFile();

        /** PEM PKCS#8 private key (unencrypted) of {@code tls-cert-file}. */
        Optional<Path> tlsKeyFile();

        /** Extra Kafka Admin client properties; security and secret properties are refused here. */
        Map<String, String> properties();
    }
}
