package io.fusionscaler.nativeit;

import io.fusionscaler.demo.KafkaBroker;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker of its own with SASL (SCRAM-SHA-512, PLAIN) and TLS listeners, and the scaler configuration of one named
 * cluster per way in ({@code scram}, {@code plain}, {@code tls}, and {@code wrong}: SCRAM with a wrong password).
 * The returned configuration reaches the scaler under test: the application of a {@code @QuarkusTest}, or the
 * packaged build a {@code @QuarkusIntegrationTest} launches (as system properties). Topic {@value #TOPIC} has lag 5
 * for group {@value #GROUP} (partition 0: 7 records, partition 1: 2, both committed at 2).
 * Use it with {@code restrictToAnnotatedClass = true}: it starts a broker.
 */
public class SecuredKafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPIC = "secured";
    public static final String GROUP = "secured-group";
    public static final String SCRAM_USER = "scaler";
    public static final String SCRAM_PASSWORD = "scram-s3cret";
    public static final String PLAIN_USER = "plain-scaler";
    public static final String PLAIN_PASSWORD = "plain-s3cret";
    public static final String WRONG_PASSWORD = "not-the-password";

    private KafkaBroker broker;
    private Path secrets;

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start(KafkaBrokerResource.options()
                .scramSha512User(SCRAM_USER, SCRAM_PASSWORD)
                .plainUser(PLAIN_USER, PLAIN_PASSWORD)
                .ssl(true));
        try (KafkaTestData data = KafkaTestData.forBroker(broker)) {
            data.createTopic(TOPIC, 2);
            data.produce(TOPIC, Map.of(0, 7, 1, 2));
            commitWhenTheCoordinatorKnowsTheTopic(data);
        }
        Map<String, String> config = new LinkedHashMap<>();
        try {
            secrets = Files.createTempDirectory("fusion-secured-kafka");
            saslCluster(config, "scram", "SCRAM-SHA-512", SCRAM_USER, Files.writeString(secrets.resolve("scram"), SCRAM_PASSWORD + "\n"));
            saslCluster(config, "plain", "PLAIN", PLAIN_USER, Files.writeString(secrets.resolve("plain"), PLAIN_PASSWORD));
            saslCluster(config, "wrong", "SCRAM-SHA-512", SCRAM_USER, Files.writeString(secrets.resolve("wrong"), WRONG_PASSWORD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String tls = "fusion.kafka.clusters.tls.";
        config.put(tls + "bootstrap-servers", broker.sslBootstrapServers());
        config.put(tls + "security-protocol", "SSL");
        config.put(tls + "tls-ca-file", broker.caCertificatePem().toString());
        return config;
    }

    /** The group coordinator may learn of a brand-new topic a moment after its creation returned. */
    private static void commitWhenTheCoordinatorKnowsTheTopic(KafkaTestData data) {
        Map<TopicPartition, Long> offsets = Map.of(new TopicPartition(TOPIC, 0), 2L, new TopicPartition(TOPIC, 1), 2L);
        for (int attempt = 1; ; attempt++) {
            try {
                data.commitOffsets(GROUP, offsets);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 30) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void saslCluster(Map<String, String> config, String name, String mechanism, String user, Path passwordFile) {
        String prefix = "fusion.kafka.clusters." + name + ".";
        config.put(prefix + "bootstrap-servers", broker.saslBootstrapServers());
        config.put(prefix + "security-protocol", "SASL_PLAINTEXT");
        config.put(prefix + "sasl-mechanism", mechanism);
        config.put(prefix + "sasl-username", user);
        config.put(prefix + "sasl-password-file", passwordFile.toString());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        if (secrets != null) {
            try (var files = Files.list(secrets)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(secrets);
            } catch (IOException e) {
                // a temp folder left behind
            }
        }
    }
}
