package io.fusionscaler.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fusionscaler.signal.kafka.KafkaConfig;
import io.fusionscaler.signal.kafka.KafkaSecurityProtocol;
import io.fusionscaler.signal.kafka.SaslMechanism;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scaler's configuration as the chart renders it, read back the way the scaler reads it (SmallRye Config
 * over the container's environment, with the scaler's own {@link KafkaConfig} mapping), and every file a
 * setting names mounted from the Secret it comes from.
 */
class ChartConfigTest {

    @Test
    void everyValueReachesTheScalerUnderItsPropertyName() {
        SmallRyeConfig config = scalerConfig(Variants.render("everything-on"));

        assertThat(config.getValue("fusion.engine.tracker-idle-timeout", Duration.class)).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.getValue("fusion.engine.first-refresh-wait", Duration.class)).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.getValue("quarkus.grpc.server.max-inbound-message-size", Integer.class)).isEqualTo(4194304);

        KafkaConfig kafka = config.getConfigMapping(KafkaConfig.class);
        assertThat(kafka.refreshInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(kafka.stalenessLimit()).isEqualTo(Duration.ofSeconds(15));
        assertThat(kafka.requestTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(kafka.persistentLagWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(kafka.allowBootstrapServers()).isFalse();
        assertThat(kafka.adminIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(kafka.clusters()).containsOnlyKeys("main", "audit-eu");

        KafkaConfig.Cluster main = kafka.clusters().get("main");
        assertThat(main.bootstrapServers()).isEqualTo("kafka-bootstrap.kafka:9093");
        assertThat(main.securityProtocol()).isEqualTo(KafkaSecurityProtocol.SASL_SSL);
        assertThat(main.saslMechanism()).contains(SaslMechanism.SCRAM_SHA_512);
        assertThat(main.saslUsername()).contains("fusion-scaler");
        assertThat(main.saslPasswordFile()).contains(Path.of("/etc/fusion-scaler/kafka/main/sasl/password"));
        assertThat(main.tlsCaFile()).contains(Path.of("/etc/fusion-scaler/kafka/main/ca/ca.crt"));
        assertThat(main.tlsCertFile()).isEmpty();
        assertThat(main.properties()).containsOnly(Map.entry("client.dns.lookup", "use_all_dns_ips"), Map.entry("reconnect.backoff.max.ms", "5000"));

        KafkaConfig.Cluster audit = kafka.clusters().get("audit-eu");
        assertThat(audit.securityProtocol()).isEqualTo(KafkaSecurityProtocol.SSL);
        assertThat(audit.tlsCertFile()).contains(Path.of("/etc/fusion-scaler/kafka/audit-eu/client/tls.crt"));
        assertThat(audit.tlsKeyFile()).contains(Path.of("/etc/fusion-scaler/kafka/audit-eu/client/tls.key"));
        assertThat(audit.saslMechanism()).isEmpty();
    }

    @Test
    void mutualTlsMapsToTheGrpcServerSslKeys() {
        SmallRyeConfig config = scalerConfig(Variants.render("everything-on"));

        assertThat(config.getValue("quarkus.grpc.server.plain-text", Boolean.class)).isFalse();
        assertThat(config.getValue("quarkus.grpc.server.ssl.certificate", String.class)).isEqualTo("/etc/fusion-scaler/grpc-tls/tls.crt");
        assertThat(config.getValue("quarkus.grpc.server.ssl.key", String.class)).isEqualTo("/etc/fusion-scaler/grpc-tls/tls.key");
        assertThat(config.getValue("quarkus.grpc.server.ssl.trust-store", String.class)).isEqualTo("/etc/fusion-scaler/grpc-client-ca/clients.p12");
        assertThat(config.getValue("quarkus.grpc.server.ssl.client-auth", String.class)).isEqualTo("REQUIRED");
        EnvVar password = scaler(Variants.render("everything-on")).getEnv().stream()
                .filter(e -> e.getName().equals("QUARKUS_GRPC_SERVER_SSL_TRUST_STORE_PASSWORD")).findFirst().orElseThrow();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("keda-client-ca");
    }

    @Test
    void certManagerIssuesTheServerCertificateAndItsIssuersTrustStore() {
        Manifests render = Variants.render("tls-cert-manager");
        var certificate = render.custom("Certificate").get(0);
        Map<String, Object> spec = certificate.get("spec");
        SmallRyeConfig config = scalerConfig(render);

        assertThat(spec.get("secretName")).isEqualTo("fusion-scaler-grpc-tls");
        assertThat(certificate.<List<Object>>get("spec", "dnsNames")).contains("fusion-scaler.keda", "fusion-scaler.keda.svc", "fusion-scaler.example.com");
        assertThat(certificate.<Map<String, Object>>get("spec", "keystores", "pkcs12")).containsEntry("create", true);
        assertThat(config.getValue("quarkus.grpc.server.ssl.trust-store", String.class)).isEqualTo("/etc/fusion-scaler/grpc-client-ca/truststore.p12");
        assertThat(volume(pod(render), "grpc-tls").getSecret().getSecretName()).isEqualTo("fusion-scaler-grpc-tls");
        assertThat(volume(pod(render), "grpc-client-ca").getSecret().getSecretName()).isEqualTo("fusion-scaler-grpc-tls");
    }

    @Test
    void defaultsLeaveEveryFusionSettingAtTheScalersDefault() {
        SmallRyeConfig config = scalerConfig(Variants.render(Variants.DEFAULTS));

        assertThat(scaler(Variants.render(Variants.DEFAULTS)).getEnv()).extracting(EnvVar::getName)
                .filteredOn(name -> name.startsWith("FUSION_"))
                .as("only the role and where the GPU agents are").allMatch(name -> name.matches("FUSION_(ROLE|GPU_AGENTS_.*)"));
        assertThat(config.getOptionalValue("quarkus.grpc.server.plain-text", String.class)).isEmpty();
        assertThat(config.getValue("quarkus.grpc.server.port", Integer.class)).isEqualTo(9090);
        assertThat(config.getValue("quarkus.http.port", Integer.class)).isEqualTo(8080);
        assertThat(config.getConfigMapping(KafkaConfig.class).clusters()).isEmpty();
    }

    static java.util.stream.Stream<String> variants() {
        return Variants.names();
    }

    /** Every setting that names a file points into a read-only mount of a Secret that holds that file. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyFileASettingNamesIsMountedFromItsSecret(String variant) {
        PodSpec pod = pod(Variants.render(variant));
        Container scaler = pod.getContainers().get(0);
        for (EnvVar env : scaler.getEnv()) {
            boolean names = env.getName().endsWith("-file") || env.getName().matches("QUARKUS_GRPC_SERVER_SSL_(CERTIFICATE|KEY|TRUST_STORE)");
            if (!names) {
                continue;
            }
            Path file = Path.of(env.getValue());
            VolumeMount mount = scaler.getVolumeMounts().stream().filter(m -> Path.of(m.getMountPath()).equals(file.getParent()))
                    .findFirst().orElseThrow(() -> new AssertionError(env.getName() + ": nothing is mounted at " + file.getParent()));
            assertThat(mount.getReadOnly()).as(env.getName()).isTrue();
            Volume volume = volume(pod, mount.getName());
            assertThat(volume.getSecret()).as(env.getName()).isNotNull();
            assertThat(volume.getSecret().getItems()).as(env.getName()).extracting(KeyToPath::getPath).contains(file.getFileName().toString());
        }
    }

    /** A variable for a key the scaler does not read would be silently ignored: every one names a documented key. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyFusionVariableTheChartRendersIsAKeyTheScalerDocuments(String variant) throws IOException {
        Set<String> documented = new HashSet<>();
        Matcher keys = Pattern.compile("(?m)^\\| `(fusion\\.[a-z0-9.<>-]+)`").matcher(Files.readString(Path.of("README.md")));
        while (keys.find()) {
            documented.add(keys.group(1).replaceAll("[.-]", "_").toUpperCase(Locale.ROOT));
        }
        for (EnvVar env : scaler(Variants.render(variant)).getEnv()) {
            if (env.getName().startsWith("FUSION_")) {
                assertThat(documented).as("%s is no key of README \"Configuration\"", env.getName()).contains(env.getName());
            }
        }
    }

    static SmallRyeConfig scalerConfig(Manifests render) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : scaler(render).getEnv()) {
            env.put(var.getName(), Optional.ofNullable(var.getValue()).orElse("from-secret"));
        }
        return new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(KafkaConfig.class)
                .build();
    }

    private static Container scaler(Manifests render) {
        return pod(render).getContainers().get(0);
    }

    private static PodSpec pod(Manifests render) {
        return render.scaler().getSpec().getTemplate().getSpec();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
