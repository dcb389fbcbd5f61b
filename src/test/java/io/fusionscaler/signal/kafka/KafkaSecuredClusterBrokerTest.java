package io.fusionscaler.signal.kafka;

import io.fusionscaler.demo.KafkaBroker;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/** Named clusters with SASL and TLS against a broker of this test's own, which has such listeners. */
class KafkaSecuredClusterBrokerTest {

    private static final String SCRAM_USER = "scaler";
    private static final String SCRAM_PASSWORD = "scram-s3cret";
    private static final String PLAIN_USER = "plain-scaler";
    private static final String PLAIN_PASSWORD = "plain-s3cret";

    @TempDir
    static Path dir;

    private static KafkaBroker broker;
    private static KafkaAdmins admins;
    private static KafkaLagSource source;
    private static TestKafkaConfig config;
    private static String topic;
    private static String group;

    @BeforeAll
    static void start() throws IOException {
        broker = KafkaBroker.start(KafkaBrokerResource.options()
                .scramSha512User(SCRAM_USER, SCRAM_PASSWORD)
                .plainUser(PLAIN_USER, PLAIN_PASSWORD)
                .ssl(true));
        topic = KafkaTestData.uniqueTopic("secured");
        group = KafkaTestData.uniqueGroup("secured");
        try (KafkaTestData data = KafkaTestData.forBroker(broker)) {
            data.createTopic(topic, 2);
            data.produce(topic, Map.of(0, 7, 1, 2));
            data.commitOffset(group, topic, 0, 2);
            data.commitOffset(group, topic, 1, 2);
        }
        Path scramPassword = Files.writeString(dir.resolve("scram-password"), SCRAM_PASSWORD + "\n");
        Path plainPassword = Files.writeString(dir.resolve("plain-password"), PLAIN_PASSWORD);
        Path wrongPassword = Files.writeString(dir.resolve("wrong-password"), "not-the-password");
        TestKafkaConfig.TestCluster sasl = TestKafkaConfig.TestCluster.plaintext(broker.saslBootstrapServers())
                .withProtocol(KafkaSecurityProtocol.SASL_PLAINTEXT);
        config = TestKafkaConfig.defaults().withClusters(Map.of(
                "scram", sasl.withSasl(SaslMechanism.SCRAM_SHA_512, SCRAM_USER, scramPassword),
                "plain", sasl.withSasl(SaslMechanism.PLAIN, PLAIN_USER, plainPassword),
                "wrong", sasl.withSasl(SaslMechanism.SCRAM_SHA_512, SCRAM_USER, wrongPassword),
                "tls", TestKafkaConfig.TestCluster.plaintext(broker.sslBootstrapServers())
                        .withProtocol(KafkaSecurityProtocol.SSL).withTls(broker.caCertificatePem(), null, null),
                "untrusted", TestKafkaConfig.TestCluster.plaintext(broker.sslBootstrapServers())
                        .withProtocol(KafkaSecurityProtocol.SSL)));
        assertThat(KafkaConfigProblems.of(config)).isEmpty();
        admins = new KafkaAdmins(config);
        source = new KafkaLagSource(config, admins, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            admins.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaTrigger on(String cluster) {
        return trigger().cluster(new KafkaClusterRef.Named(cluster)).group(group).topic(topic).build();
    }

    private static Object lag(SignalOutcome outcome) {
        assertThat(outcome).isInstanceOf(SignalOutcome.Measured.class);
        return ((SignalOutcome.Measured) outcome).reading().details().get("lag");
    }

    @Test
    void everyNamedClusterReadsTheSameLagThroughItsOwnSecurity() {
        KafkaTrigger scram = on("scram");
        KafkaTrigger plain = on("plain");
        KafkaTrigger tls = on("tls");

        Map<KafkaTrigger, SignalOutcome> outcomes = KafkaLanes.refresh(source, config, Set.of(scram, plain, tls));

        assertThat(lag(outcomes.get(scram))).isEqualTo(5L);
        assertThat(lag(outcomes.get(plain))).isEqualTo(5L);
        assertThat(lag(outcomes.get(tls))).isEqualTo(5L);
    }

    @Test
    void wrongPasswordFailsOnlyItsClusterWithoutShowingAnyPassword() {
        KafkaTrigger wrong = on("wrong");
        KafkaTrigger scram = on("scram");

        Map<KafkaTrigger, SignalOutcome> outcomes = KafkaLanes.refresh(source, config, Set.of(wrong, scram));

        assertThat(lag(outcomes.get(scram))).isEqualTo(5L);
        assertThat(outcomes.get(wrong)).isInstanceOfSatisfying(SignalOutcome.Failed.class, failed ->
                assertThat(failed.reason()).contains("cluster 'wrong'").containsIgnoringCase("authentication")
                        .doesNotContain("not-the-password").doesNotContain(SCRAM_PASSWORD));
    }

    @Test
    void untrustedBrokerCertificateFailsWithATlsReason() {
        KafkaTrigger untrusted = on("untrusted");
        assertThat(KafkaLanes.refresh(source, config, Set.of(untrusted)).get(untrusted)).isInstanceOfSatisfying(SignalOutcome.Failed.class,
                failed -> assertThat(failed.reason()).contains("cluster 'untrusted'").containsIgnoringCase("SSL"));
    }
}
