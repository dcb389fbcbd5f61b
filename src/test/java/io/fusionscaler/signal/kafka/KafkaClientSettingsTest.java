package io.fusionscaler.signal.kafka;

import io.fusionscaler.testing.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientSettingsTest {

    private static final String SECRET = "pa\"ss\\word-42";

    @TempDir
    Path dir;

    private KafkaClientSettings settings(TestKafkaConfig.TestCluster cluster) throws ClusterSetupException {
        TestKafkaConfig config = TestKafkaConfig.defaults().withRequestTimeout(Duration.ofSeconds(3))
                .withClusters(Map.of("orders", cluster));
        return KafkaClientSettings.forCluster(new KafkaClusterRef.Named("orders"), config);
    }

    private TestKafkaConfig.TestCluster sasl(SaslMechanism mechanism, String passwordFileContent) throws IOException {
        return TestKafkaConfig.TestCluster.plaintext("k:9092").withProtocol(KafkaSecurityProtocol.SASL_PLAINTEXT)
                .withSasl(mechanism, "scaler", Files.writeString(dir.resolve("password"), passwordFileContent));
    }

    /** The login options as Kafka itself parses them from {@code sasl.jaas.config}. */
    private static Map<String, Object> loginOptions(KafkaClientSettings settings) {
        return new HashMap<String, Object>(JaasContext.loadClientContext(settings.properties()).configurationEntries().get(0).getOptions());
    }

    private static String jaas(KafkaClientSettings settings) {
        return ((Password) settings.properties().get("sasl.jaas.config")).value();
    }

    @Test
    void bootstrapClusterIsPlaintextWithTheRequestTimeout() throws Exception {
        KafkaClientSettings settings = KafkaClientSettings.forCluster(new KafkaClusterRef.Bootstrap("a:1, b:2"),
                TestKafkaConfig.defaults().withRequestTimeout(Duration.ofSeconds(3)));
        assertThat(settings.properties()).containsEntry("bootstrap.servers", "a:1,b:2")
                .containsEntry("request.timeout.ms", 3000)
                .containsEntry("default.api.timeout.ms", 3000)
                .containsEntry("client.id", "fusion-scaler-bootstrap:a:1")
                .doesNotContainKey("security.protocol");
    }

    @Test
    void scramUsesTheScramLoginModuleWithThePasswordFromTheFile() throws Exception {
        KafkaClientSettings settings = settings(sasl(SaslMechanism.SCRAM_SHA_256, SECRET));
        assertThat(settings.properties()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        assertThat(jaas(settings)).startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required ");
        assertThat(loginOptions(settings)).containsEntry("username", "scaler").containsEntry("password", SECRET);
    }

    @Test
    void plainUsesThePlainLoginModule() throws Exception {
        KafkaClientSettings settings = settings(sasl(SaslMechanism.PLAIN, SECRET));
        assertThat(settings.properties()).containsEntry("sasl.mechanism", "PLAIN");
        assertThat(jaas(settings)).startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required ");
    }

    @Test
    void trailingNewlineOfThePasswordFileIsNotPartOfThePassword() throws Exception {
        KafkaClientSettings settings = settings(sasl(SaslMechanism.SCRAM_SHA_512, "secret\n"));
        assertThat(loginOptions(settings)).containsEntry("password", "secret");
    }

    @Test
    void secretsNeverShowInToString() throws Exception {
        KafkaClientSettings settings = settings(sasl(SaslMechanism.SCRAM_SHA_256, SECRET));
        assertThat(settings.toString()).doesNotContain("word-42").contains("[hidden]");
        assertThat(settings.properties().toString()).doesNotContain("word-42");
    }

    @Test
    void redactScrubsThePasswordFromAnyText() throws Exception {
        KafkaClientSettings settings = settings(sasl(SaslMechanism.SCRAM_SHA_256, SECRET));
        assertThat(settings.redact("login failed for " + SECRET)).isEqualTo("login failed for [hidden]");
    }

    @Test
    void emptyPasswordFileIsASetupErrorNamingTheFile() throws Exception {
        TestKafkaConfig.TestCluster cluster = sasl(SaslMechanism.PLAIN, "\n");
        assertThatThrownBy(() -> settings(cluster)).isInstanceOf(ClusterSetupException.class)
                .hasMessageContaining("cluster 'orders'").hasMessageContaining("is empty");
    }

    @Test
    void missingPasswordFileIsASetupErrorNamingTheFile() {
        Path missing = dir.resolve("gone");
        TestKafkaConfig.TestCluster cluster = TestKafkaConfig.TestCluster.plaintext("k:9092")
                .withProtocol(KafkaSecurityProtocol.SASL_SSL).withSasl(SaslMechanism.PLAIN, "u", missing);
        assertThatThrownBy(() -> settings(cluster)).isInstanceOf(ClusterSetupException.class)
                .hasMessage("cluster 'orders': cannot read sasl-password-file " + missing + " (NoSuchFileException)");
    }

    @Test
    void caFileBecomesAPemTrustStore() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        KafkaClientSettings settings = settings(TestKafkaConfig.TestCluster.plaintext("k:9093")
                .withProtocol(KafkaSecurityProtocol.SSL).withTls(ca, null, null));
        assertThat(settings.properties()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", ca.toString())
                .doesNotContainKey("ssl.keystore.type");
    }

    @Test
    void pemFilesMakeAClientKafkaAccepts() throws Exception {
        TestCertificates.Pem client = TestCertificates.create(dir, "kafka-client");
        TestCertificates.Pem ca = TestCertificates.create(dir, "kafka-ca");
        TestKafkaConfig.TestCluster cluster = TestKafkaConfig.TestCluster.plaintext("127.0.0.1:1")
                .withProtocol(KafkaSecurityProtocol.SASL_SSL)
                .withSasl(SaslMechanism.SCRAM_SHA_512, "scaler", Files.writeString(dir.resolve("password"), SECRET))
                .withTls(ca.certificate(), client.certificate(), client.key());
        KafkaClientSettings settings = settings(cluster);
        assertThat(settings.properties()).containsEntry("ssl.keystore.type", "PEM");
        assertThat(settings.properties().get("ssl.keystore.key")).hasToString("[hidden]");
        assertThat(new AdminClientConfig(settings.properties()).toString()).doesNotContain("word-42");
        // Admin.create loads the PEM trust and key stores and the SCRAM login module, without contacting a broker.
        try (Admin admin = Admin.create(settings.properties())) {
            assertThat(admin).isNotNull();
        }
    }

    @Test
    void pkcs1KeyIsASetupErrorWithTheConversionCommand() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nsecretbytes\n-----END RSA PRIVATE KEY-----\n");
        TestKafkaConfig.TestCluster cluster = TestKafkaConfig.TestCluster.plaintext("k:9093")
                .withProtocol(KafkaSecurityProtocol.SSL).withTls(null, cert, key);
        assertThatThrownBy(() -> settings(cluster)).isInstanceOf(ClusterSetupException.class)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
                .hasMessageNotContaining("secretbytes");
    }

    @Test
    void extraPropertiesReachTheClient() throws Exception {
        KafkaClientSettings settings = settings(TestKafkaConfig.TestCluster.plaintext("k:9092")
                .withProperties(Map.of("client.dns.lookup", "use_all_dns_ips")));
        assertThat(settings.properties()).containsEntry("client.dns.lookup", "use_all_dns_ips");
    }
}
