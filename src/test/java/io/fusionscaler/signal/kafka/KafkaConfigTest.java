package io.fusionscaler.signal.kafka;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaConfigTest {

    @TempDir
    Path dir;

    private static KafkaConfig load(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(KafkaConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(KafkaConfig.class);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        KafkaConfig config = load(Map.of());
        assertThat(config.clusters()).isEmpty();
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.persistentLagWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.allowBootstrapServers()).isTrue();
        assertThat(config.adminIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.wake().enabled()).isTrue();
        assertThat(config.wake().maxPartitions()).isEqualTo(5000);
        assertThat(config.wake().fetchWait()).isEqualTo(Duration.ofMillis(100));
        assertThat(KafkaConfigProblems.of(config)).isEmpty();
    }

    @Test
    void namedClusterReadsEverySetting() throws IOException {
        Path password = file("password", "s3cret");
        Path ca = file("ca.pem", "ca");
        Path cert = file("cert.pem", "cert");
        Path key = file("key.pem", "key");
        KafkaConfig config = load(Map.of(
                "fusion.kafka.clusters.orders.bootstrap-servers", "kafka-0:9093,kafka-1:9093",
                "fusion.kafka.clusters.orders.security-protocol", "SASL_SSL",
                "fusion.kafka.clusters.orders.sasl-mechanism", "SCRAM-SHA-512",
                "fusion.kafka.clusters.orders.sasl-username", "scaler",
                "fusion.kafka.clusters.orders.sasl-password-file", password.toString(),
                "fusion.kafka.clusters.orders.tls-ca-file", ca.toString(),
                "fusion.kafka.clusters.orders.tls-cert-file", cert.toString(),
                "fusion.kafka.clusters.orders.tls-key-file", key.toString(),
                "fusion.kafka.clusters.orders.properties.\"ssl.endpoint.identification.algorithm\"", "https",
                "fusion.kafka.clusters.orders.properties.\"client.dns.lookup\"", "use_all_dns_ips"));
        KafkaConfig.Cluster orders = config.clusters().get("orders");
        assertThat(orders.bootstrapServers()).isEqualTo("kafka-0:9093,kafka-1:9093");
        assertThat(orders.securityProtocol()).isEqualTo(KafkaSecurityProtocol.SASL_SSL);
        assertThat(orders.saslMechanism()).hasValue(SaslMechanism.SCRAM_SHA_512);
        assertThat(orders.saslUsername()).hasValue("scaler");
        assertThat(orders.saslPasswordFile()).hasValue(password);
        assertThat(orders.tlsCaFile()).hasValue(ca);
        assertThat(orders.tlsCertFile()).hasValue(cert);
        assertThat(orders.tlsKeyFile()).hasValue(key);
        assertThat(orders.properties()).containsEntry("client.dns.lookup", "use_all_dns_ips");
        assertThat(KafkaConfigProblems.of(config)).isEmpty();
    }

    @Test
    void plainClusterNeedsOnlyBootstrapServers() {
        KafkaConfig config = load(Map.of("fusion.kafka.clusters.dev.bootstrap-servers", "localhost:9092",
                "fusion.kafka.request-timeout", "2s", "fusion.kafka.allow-bootstrap-servers", "false"));
        assertThat(config.clusters().get("dev").securityProtocol()).isEqualTo(KafkaSecurityProtocol.PLAINTEXT);
        assertThat(config.clusters().get("dev").properties()).isEmpty();
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.allowBootstrapServers()).isFalse();
        assertThat(KafkaConfigProblems.of(config)).isEmpty();
    }

    @Test
    void saslProtocolWithoutCredentialsIsAProblem() {
        KafkaConfig config = load(Map.of("fusion.kafka.clusters.orders.bootstrap-servers", "k:9092",
                "fusion.kafka.clusters.orders.security-protocol", "SASL_PLAINTEXT",
                "fusion.kafka.clusters.orders.sasl-mechanism", "PLAIN"));
        assertThat(KafkaConfigProblems.of(config)).containsExactly("fusion.kafka.clusters.orders.security-protocol "
                + "SASL_PLAINTEXT needs sasl-mechanism, sasl-username and sasl-password-file");
    }

    @Test
    void saslSettingsOnANonSaslProtocolAreProblems() throws IOException {
        TestKafkaConfig config = TestKafkaConfig.defaults().withClusters(Map.of("orders",
                TestKafkaConfig.TestCluster.plaintext("k:9092").withSasl(SaslMechanism.PLAIN, "u", file("p", "x"))));
        assertThat(KafkaConfigProblems.of(config)).containsExactly(
                "fusion.kafka.clusters.orders.sasl-mechanism: is set but security-protocol PLAINTEXT does not use it",
                "fusion.kafka.clusters.orders.sasl-username: is set but security-protocol PLAINTEXT does not use it",
                "fusion.kafka.clusters.orders.sasl-password-file: is set but security-protocol PLAINTEXT does not use it");
    }

    @Test
    void tlsFilesWithoutTlsAreProblems() throws IOException {
        TestKafkaConfig config = TestKafkaConfig.defaults().withClusters(Map.of("orders",
                TestKafkaConfig.TestCluster.plaintext("k:9092").withProtocol(KafkaSecurityProtocol.SASL_PLAINTEXT)
                        .withSasl(SaslMechanism.SCRAM_SHA_256, "u", file("p", "x")).withTls(file("ca", "c"), null, null)));
        assertThat(KafkaConfigProblems.of(config))
                .containsExactly("fusion.kafka.clusters.orders.tls-ca-file: is set but security-protocol SASL_PLAINTEXT does not use it");
    }

    @Test
    void clientCertificateWithoutKeyIsAProblem() throws IOException {
        TestKafkaConfig config = TestKafkaConfig.defaults().withClusters(Map.of("orders",
                TestKafkaConfig.TestCluster.plaintext("k:9092").withProtocol(KafkaSecurityProtocol.SSL)
                        .withTls(null, file("cert", "c"), null)));
        assertThat(KafkaConfigProblems.of(config)).containsExactly(
                "fusion.kafka.clusters.orders.tls-cert-file and tls-key-file: set both for mTLS, or neither");
    }

    @Test
    void unreadableSecretFileIsAProblemNamingTheFile() {
        Path missing = dir.resolve("missing");
        TestKafkaConfig config = TestKafkaConfig.defaults().withClusters(Map.of("orders",
                TestKafkaConfig.TestCluster.plaintext("k:9092").withProtocol(KafkaSecurityProtocol.SASL_SSL)
                        .withSasl(SaslMechanism.PLAIN, "u", missing)));
        assertThat(KafkaConfigProblems.of(config))
                .containsExactly("fusion.kafka.clusters.orders.sasl-password-file: cannot read file " + missing);
    }

    @Test
    void badBootstrapServersAreAProblem() {
        TestKafkaConfig config = TestKafkaConfig.defaults().withClusters(Map.of("orders",
                TestKafkaConfig.TestCluster.plaintext("kafka")));
        assertThat(KafkaConfigProblems.of(config)).singleElement().asString()
                .startsWith("fusion.kafka.clusters.orders.bootstrap-servers: ").contains("host:port");
    }

    @Test
    void secretAndSecurityPropertiesAreRefused() {
        TestKafkaConfig config = TestKafkaConfig.defaults().withClusters(Map.of("orders",
                TestKafkaConfig.TestCluster.plaintext("k:9092").withProperties(Map.of(
                        "sasl.jaas.config", "x", "ssl.truststore.location", "/x", "security.protocol", "SSL",
                        "ssl.endpoint.identification.algorithm", ""))));
        assertThat(KafkaConfigProblems.of(config)).containsExactly(
                "fusion.kafka.clusters.orders.properties.\"sasl.jaas.config\": secrets are never read from configuration "
                        + "text; use sasl-username and sasl-password-file",
                "fusion.kafka.clusters.orders.properties.\"security.protocol\": set it with security-protocol",
                "fusion.kafka.clusters.orders.properties.\"ssl.truststore.location\": TLS material is set with "
                        + "tls-ca-file, tls-cert-file and tls-key-file");
    }

    @Test
    void timingsMustBeUsable() {
        TestKafkaConfig config = TestKafkaConfig.defaults().withRequestTimeout(Duration.ZERO)
                .withPersistentLagWindow(Duration.ofSeconds(-1)).withAdminIdleTimeout(Duration.ZERO);
        assertThat(KafkaConfigProblems.of(config)).containsExactly(
                "fusion.kafka.request-timeout: must be positive, got PT0S",
                "fusion.kafka.admin-idle-timeout: must be positive, got PT0S",
                "fusion.kafka.persistent-lag-window: must not be negative");
    }

    @Test
    void theWakeUpWatchNeedsAPositiveFetchWaitAndPartitionCap() {
        TestKafkaConfig config = TestKafkaConfig.defaults().withWake(new TestKafkaConfig.TestWake(true, 0, Duration.ZERO));
        assertThat(KafkaConfigProblems.of(config)).containsExactly(
                "fusion.kafka.wake.fetch-wait: must be positive, got PT0S",
                "fusion.kafka.wake.max-partitions: must be positive, got 0");
    }

    @Test
    void startupCheckListsEveryProblem() {
        TestKafkaConfig config = TestKafkaConfig.defaults().withRequestTimeout(Duration.ZERO).withRefreshInterval(Duration.ZERO).withClusters(Map.of("orders",
                new TestKafkaConfig.TestCluster("kafka", KafkaSecurityProtocol.SASL_SSL, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of())));
        KafkaLagSource source = new KafkaLagSource(config, new KafkaAdmins(config), new IdleTriggerWatch(config), java.time.Clock.systemUTC(), FixedReplicas.unknown());
        assertThatThrownBy(() -> source.start(spec -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("request-timeout")
                .hasMessageContaining("refresh-interval")
                .hasMessageContaining("bootstrap-servers")
                .hasMessageContaining("needs sasl-mechanism, sasl-username and sasl-password-file");
    }
}
