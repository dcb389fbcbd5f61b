package io.fusionscaler.testing;

import io.fusionscaler.testing.broker.KafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A broker of its own with SASL (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN) and TLS listeners, its users' password files,
 * and the scaler configuration of one named cluster per way in: {@code scram}, {@code sha256}, {@code plain},
 * {@code tls} (PEM CA), and {@code wrong} (SCRAM with a wrong password). Topic {@value #TOPIC} has lag {@value #LAG}
 * for group {@value #GROUP} (partition 0: 7 records, partition 1: 2, both committed at 2). The one secured-cluster
 * fixture of the suite: {@link SecuredKafkaBrokerResource} hands it to a Quarkus application, plain tests use it as is.
 */
public final class SecuredKafkaCluster implements AutoCloseable {

    public static final String TOPIC = "secured";
    public static final String GROUP = "secured-group";
    public static final long LAG = 5;

    /** The named clusters that reach the broker with the right credentials. */
    public static final List<String> WORKING_CLUSTERS = List.of("scram", "sha256", "plain", "tls");
    /** The named cluster whose password is wrong. */
    public static final String WRONG_PASSWORD_CLUSTER = "wrong";

    public static final String SCRAM_512_USER = "scaler";
    public static final String SCRAM_256_USER = "scaler-256";
    public static final String PLAIN_USER = "plain-scaler";

    /** Password per named cluster; the {@code scram} file ends with a newline, as a file written by hand often does. */
    private static final Map<String, String> PASSWORDS = Map.of("scram", "scram-s3cret", "sha256", "sha256-Pa55word",
            "plain", "plain-s3cret", WRONG_PASSWORD_CLUSTER, "not-the-password");

    private final KafkaBroker broker;
    private final Path secrets;

    private SecuredKafkaCluster(KafkaBroker broker, Path secrets) {
        this.broker = broker;
        this.secrets = secrets;
    }

    /** Starts the broker, creates the lagging group and writes the password files. */
    public static SecuredKafkaCluster start() {
        KafkaBroker broker = KafkaBroker.start(KafkaBrokerResource.options()
                .scramSha512User(SCRAM_512_USER, PASSWORDS.get("scram"))
                .scramSha256User(SCRAM_256_USER, PASSWORDS.get("sha256"))
                .plainUser(PLAIN_USER, PASSWORDS.get("plain"))
                .ssl(true));
        try (KafkaTestData data = KafkaTestData.forBroker(broker)) {
            data.createTopic(TOPIC, 2);
            data.produce(TOPIC, Map.of(0, 7, 1, 2));
            data.commitOffset(GROUP, TOPIC, 0, 2);
            data.commitOffset(GROUP, TOPIC, 1, 2);
            Path secrets = Files.createDirectories(broker.workDir().resolve("secrets"));
            for (Map.Entry<String, String> password : PASSWORDS.entrySet()) {
                String newline = password.getKey().equals("scram") ? "\n" : "";
                Files.writeString(secrets.resolve(password.getKey()), password.getValue() + newline);
            }
            return new SecuredKafkaCluster(broker, secrets);
        } catch (IOException e) {
            broker.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public KafkaBroker broker() {
        return broker;
    }

    /** The password file of a SASL cluster ({@code scram}, {@code sha256}, {@code plain}, {@code wrong}). */
    public Path passwordFile(String cluster) {
        if (!PASSWORDS.containsKey(cluster)) {
            throw new IllegalArgumentException("no password for cluster " + cluster);
        }
        return secrets.resolve(cluster);
    }

    /** Every password, right or wrong: none may show in an answer, a view or a metric. */
    public static Collection<String> passwords() {
        return PASSWORDS.values();
    }

    /** The {@code fusion.kafka.clusters.*} settings of every named cluster. */
    public Map<String, String> scalerConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        sasl(config, "scram", "SCRAM-SHA-512", SCRAM_512_USER);
        sasl(config, "sha256", "SCRAM-SHA-256", SCRAM_256_USER);
        sasl(config, "plain", "PLAIN", PLAIN_USER);
        sasl(config, WRONG_PASSWORD_CLUSTER, "SCRAM-SHA-512", SCRAM_512_USER);
        config.put("fusion.kafka.clusters.tls.bootstrap-servers", broker.sslBootstrapServers());
        config.put("fusion.kafka.clusters.tls.security-protocol", "SSL");
        config.put("fusion.kafka.clusters.tls.tls-ca-file", broker.caCertificatePem().toString());
        return config;
    }

    private void sasl(Map<String, String> config, String name, String mechanism, String user) {
        String prefix = "fusion.kafka.clusters." + name + ".";
        config.put(prefix + "bootstrap-servers", broker.saslBootstrapServers());
        config.put(prefix + "security-protocol", "SASL_PLAINTEXT");
        config.put(prefix + "sasl-mechanism", mechanism);
        config.put(prefix + "sasl-username", user);
        config.put(prefix + "sasl-password-file", passwordFile(name).toString());
    }

    /** Stops the broker; its work folder, password files included, goes with it. */
    @Override
    public void close() {
        broker.close();
    }
}
