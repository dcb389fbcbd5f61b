package io.fusionscaler.signal.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Admin client's properties for one cluster. Secrets are read from their files when the settings are
 * made and held only as Kafka {@link Password} values, which print as {@code [hidden]}; {@link #redact}
 * scrubs them from any text that reaches users.
 */
record KafkaClientSettings(Map<String, Object> properties, List<Password> secrets) {

    KafkaClientSettings {
        properties = Map.copyOf(properties);
        secrets = List.copyOf(secrets);
    }

    static KafkaClientSettings forCluster(KafkaClusterRef ref, KafkaConfig config) throws ClusterSetupException {
        Map<String, Object> properties = new HashMap<>();
        int timeoutMs = (int) config.requestTimeout().toMillis();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "fusion-scaler-" + ref.metricTag());
        if (ref instanceof KafkaClusterRef.Bootstrap bootstrap) {
            properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
            return new KafkaClientSettings(properties, List.of());
        }
        String name = ((KafkaClusterRef.Named) ref).name();
        KafkaConfig.Cluster cluster = config.clusters().get(name);
        if (cluster == null) {
            throw new ClusterSetupException("cluster '" + name + "' is not defined under fusion.kafka.clusters");
        }
        return named(name, cluster, properties);
    }

    private static KafkaClientSettings named(String name, KafkaConfig.Cluster cluster, Map<String, Object> properties)
            throws ClusterSetupException {
        List<Password> secrets = new ArrayList<>();
        properties.putAll(cluster.properties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BootstrapServers.normalize(cluster.bootstrapServers()));
        properties.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, cluster.securityProtocol().name());
        if (cluster.tlsCaFile().isPresent()) {
            properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, cluster.tlsCaFile().get().toString());
        }
        if (cluster.tlsCertFile().isPresent() && cluster.tlsKeyFile().isPresent()) {
            Password chain = new Password(read(name, "tls-cert-file", cluster.tlsCertFile().get()));
            Password key = new Password(privateKey(name, cluster.tlsKeyFile().get()));
            secrets.add(key);
            properties.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            properties.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, chain);
            properties.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, key);
        }
        if (cluster.saslMechanism().isPresent() && cluster.saslUsername().isPresent() && cluster.saslPasswordFile().isPresent()) {
            SaslMechanism mechanism = cluster.saslMechanism().get();
            Password password = new Password(password(name, cluster.saslPasswordFile().get()));
            secrets.add(password);
            Password jaas = new Password(mechanism.loginModule() + " required username=\"" + jaasQuoted(cluster.saslUsername().get())
                    + "\" password=\"" + jaasQuoted(password.value()) + "\";");
            secrets.add(jaas);
            properties.put(SaslConfigs.SASL_MECHANISM, mechanism.kafkaName());
            properties.put(SaslConfigs.SASL_JAAS_CONFIG, jaas);
        }
        return new KafkaClientSettings(properties, secrets);
    }

    /** {@code text} with every secret replaced, for messages built from Kafka exceptions. */
    String redact(String text) {
        String redacted = text;
        for (Password secret : secrets) {
            if (!secret.value().isEmpty()) {
                redacted = redacted.replace(secret.value(), Password.HIDDEN);
            }
        }
        return redacted;
    }

    private static String read(String cluster, String key, Path file) throws ClusterSetupException {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new ClusterSetupException("cluster '" + cluster + "': cannot read " + key + " " + file
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String password(String cluster, Path file) throws ClusterSetupException {
        // Secret files often end with the newline an editor or `echo` added; it is never part of the password.
        String password = read(cluster, "sasl-password-file", file).replaceAll("[\r\n]+$", "");
        if (password.isEmpty()) {
            throw new ClusterSetupException("cluster '" + cluster + "': sasl-password-file " + file + " is empty");
        }
        return password;
    }

    private static String privateKey(String cluster, Path file) throws ClusterSetupException {
        String pem = read(cluster, "tls-key-file", file);
        if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            return pem;
        }
        String why = pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                ? "is encrypted; Kafka needs an unencrypted PKCS#8 key here"
                : pem.contains("PRIVATE KEY-----")
                ? "is not PKCS#8; convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem"
                : "holds no PEM private key";
        throw new ClusterSetupException("cluster '" + cluster + "': tls-key-file " + file + " " + why);
    }

    /** Escapes a value for a double-quoted JAAS option, whose parser treats backslash as an escape. */
    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
