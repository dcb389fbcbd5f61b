package io.fusionscaler.signal.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A hand-made {@link KafkaConfig}, defaults as documented, for tests that run without Quarkus. */
record TestKafkaConfig(Map<String, Cluster> clusters, Duration refreshInterval, Duration requestTimeout, Duration stalenessLimit,
                       Duration persistentLagWindow, boolean allowBootstrapServers, Duration adminIdleTimeout, Wake wake)
        implements KafkaConfig {

    static TestKafkaConfig defaults() {
        return new TestKafkaConfig(Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), true, Duration.ofMinutes(10), new TestWake(true, 5000, Duration.ofMillis(100)));
    }

    TestKafkaConfig withWake(Wake wake) {
        return new TestKafkaConfig(clusters, refreshInterval, requestTimeout, stalenessLimit, persistentLagWindow,
                allowBootstrapServers, adminIdleTimeout, wake);
    }

    record TestWake(boolean enabled, int maxPartitions, Duration fetchWait) implements Wake {
    }

    TestKafkaConfig withClusters(Map<String, Cluster> clusters) {
        return new TestKafkaConfig(clusters, refreshInterval, requestTimeout, stalenessLimit, persistentLagWindow,
                allowBootstrapServers, adminIdleTimeout, wake);
    }

    TestKafkaConfig withRequestTimeout(Duration timeout) {
        return new TestKafkaConfig(clusters, refreshInterval, timeout, stalenessLimit, persistentLagWindow,
                allowBootstrapServers, adminIdleTimeout, wake);
    }

    TestKafkaConfig withRefreshInterval(Duration interval) {
        return new TestKafkaConfig(clusters, interval, requestTimeout, stalenessLimit, persistentLagWindow,
                allowBootstrapServers, adminIdleTimeout, wake);
    }

    TestKafkaConfig withPersistentLagWindow(Duration window) {
        return new TestKafkaConfig(clusters, refreshInterval, requestTimeout, stalenessLimit, window,
                allowBootstrapServers, adminIdleTimeout, wake);
    }

    TestKafkaConfig withAllowBootstrapServers(boolean allow) {
        return new TestKafkaConfig(clusters, refreshInterval, requestTimeout, stalenessLimit, persistentLagWindow, allow,
                adminIdleTimeout, wake);
    }

    TestKafkaConfig withAdminIdleTimeout(Duration timeout) {
        return new TestKafkaConfig(clusters, refreshInterval, requestTimeout, stalenessLimit, persistentLagWindow,
                allowBootstrapServers, timeout, wake);
    }

    record TestCluster(String bootstrapServers, KafkaSecurityProtocol securityProtocol, Optional<SaslMechanism> saslMechanism,
                       Optional<String> saslUsername, Optional<Path> saslPasswordFile, Optional<Path> tlsCaFile,
                       Optional<Path> tlsCertFile, Optional<Path> tlsKeyFile, Map<String, String> properties)
            implements Cluster {

        static TestCluster plaintext(String bootstrapServers) {
            return new TestCluster(bootstrapServers, KafkaSecurityProtocol.PLAINTEXT, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
        }

        TestCluster withProtocol(KafkaSecurityProtocol protocol) {
            return new TestCluster(bootstrapServers, protocol, saslMechanism, saslUsername, saslPasswordFile, tlsCaFile,
                    tlsCertFile, tlsKeyFile, properties);
        }

        TestCluster withSasl(SaslMechanism mechanism, String username, Path passwordFile) {
            return new TestCluster(bootstrapServers, securityProtocol, Optional.of(mechanism), Optional.of(username),
                    Optional.of(passwordFile), tlsCaFile, tlsCertFile, tlsKeyFile, properties);
        }

        TestCluster withTls(Path caFile, Path certFile, Path keyFile) {
            return new TestCluster(bootstrapServers, securityProtocol, saslMechanism, saslUsername, saslPasswordFile,
                    Optional.ofNullable(caFile), Optional.ofNullable(certFile), Optional.ofNullable(keyFile), properties);
        }

        TestCluster withProperties(Map<String, String> extra) {
            return new TestCluster(bootstrapServers, securityProtocol, saslMechanism, saslUsername, saslPasswordFile,
                    tlsCaFile, tlsCertFile, tlsKeyFile, extra);
        }
    }
}
