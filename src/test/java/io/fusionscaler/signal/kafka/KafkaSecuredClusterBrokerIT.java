package io.fusionscaler.signal.kafka;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.testing.SecuredKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link KafkaLagSource} on named clusters with SASL and TLS, against the secured broker of {@link SecuredKafkaCluster}. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaSecuredClusterBrokerIT {

    private static SecuredKafkaCluster secured;
    private static KafkaAdmins admins;
    private static KafkaLagSource source;
    private static TestKafkaConfig config;

    @BeforeAll
    static void start() {
        secured = SecuredKafkaCluster.start();
        TestKafkaConfig.TestCluster sasl = TestKafkaConfig.TestCluster.plaintext(secured.broker().saslBootstrapServers())
                .withProtocol(KafkaSecurityProtocol.SASL_PLAINTEXT);
        TestKafkaConfig.TestCluster ssl = TestKafkaConfig.TestCluster.plaintext(secured.broker().sslBootstrapServers())
                .withProtocol(KafkaSecurityProtocol.SSL);
        config = TestKafkaConfig.defaults().withClusters(Map.of(
                "scram", sasl.withSasl(SaslMechanism.SCRAM_SHA_512, SecuredKafkaCluster.SCRAM_512_USER, secured.passwordFile("scram")),
                "sha256", sasl.withSasl(SaslMechanism.SCRAM_SHA_256, SecuredKafkaCluster.SCRAM_256_USER, secured.passwordFile("sha256")),
                "plain", sasl.withSasl(SaslMechanism.PLAIN, SecuredKafkaCluster.PLAIN_USER, secured.passwordFile("plain")),
                "wrong", sasl.withSasl(SaslMechanism.SCRAM_SHA_512, SecuredKafkaCluster.SCRAM_512_USER, secured.passwordFile("wrong")),
                "tls", ssl.withTls(secured.broker().caCertificatePem(), null, null),
                "untrusted", ssl));
        assertThat(KafkaConfigProblems.of(config)).isEmpty();
        admins = new KafkaAdmins(config);
        source = new KafkaLagSource(config, admins, new IdleTriggerWatch(config), Clock.systemUTC(), FixedReplicas.unknown());
    }

    @AfterAll
    static void stop() {
        if (admins != null) {
            admins.close();
        }
        if (secured != null) {
            secured.close();
        }
    }

    private static KafkaTrigger on(String cluster) {
        return trigger().cluster(new KafkaClusterRef.Named(cluster)).group(SecuredKafkaCluster.GROUP).topic(SecuredKafkaCluster.TOPIC).build();
    }

    private static Object lag(SignalOutcome outcome) {
        assertThat(outcome).isInstanceOf(SignalOutcome.Measured.class);
        return ((SignalOutcome.Measured) outcome).reading().details().get("lag");
    }

    @Test
    void everyNamedClusterReadsTheSameLagThroughItsOwnSecurity() {
        Map<String, KafkaTrigger> triggers = Map.of("scram", on("scram"), "sha256", on("sha256"), "plain", on("plain"), "tls", on("tls"));

        Map<KafkaTrigger, SignalOutcome> outcomes = KafkaLanes.refresh(source, config, Set.copyOf(triggers.values()));

        triggers.forEach((cluster, trigger) -> assertThat(lag(outcomes.get(trigger))).as(cluster).isEqualTo(SecuredKafkaCluster.LAG));
    }

    @Test
    void wrongPasswordFailsOnlyItsClusterWithoutShowingAnyPassword() {
        KafkaTrigger wrong = on("wrong");
        KafkaTrigger scram = on("scram");

        Map<KafkaTrigger, SignalOutcome> outcomes = KafkaLanes.refresh(source, config, Set.of(wrong, scram));

        assertThat(lag(outcomes.get(scram))).isEqualTo(SecuredKafkaCluster.LAG);
        assertThat(outcomes.get(wrong)).isInstanceOfSatisfying(SignalOutcome.Failed.class, failed -> {
            assertThat(failed.reason()).contains("cluster 'wrong'").containsIgnoringCase("authentication");
            SecuredKafkaCluster.passwords().forEach(password -> assertThat(failed.reason()).doesNotContain(password));
        });
    }

    @Test
    void untrustedBrokerCertificateFailsWithATlsReason() {
        KafkaTrigger untrusted = on("untrusted");
        assertThat(KafkaLanes.refresh(source, config, Set.of(untrusted)).get(untrusted)).isInstanceOfSatisfying(SignalOutcome.Failed.class,
                failed -> assertThat(failed.reason()).contains("cluster 'untrusted'").containsIgnoringCase("SSL"));
    }
}
