package io.fusionscaler.testing.broker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SASL users of a broker. PLAIN users live in the listener's JAAS configuration; SCRAM users are stored in the
 * metadata log when the data directory is formatted, so they exist before the broker first starts.
 *
 * @param plain passwords by user name
 * @param scram passwords by user name, by mechanism ({@code SCRAM-SHA-256}, {@code SCRAM-SHA-512})
 */
record SaslUsers(Map<String, String> plain, Map<String, Map<String, String>> scram) {

    static final SaslUsers NONE = new SaslUsers(Map.of(), Map.of());

    private static final String LISTENER_PREFIX = "listener.name.sasl_plaintext.";

    /** Whether the broker needs a SASL_PLAINTEXT listener. */
    boolean any() {
        return !plain.isEmpty() || !scram.isEmpty();
    }

    /** The {@code server.properties} lines of the SASL_PLAINTEXT listener. */
    Map<String, String> listenerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(LISTENER_PREFIX + "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        plain.forEach((user, password) ->
                jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        p.put(LISTENER_PREFIX + "plain.sasl.jaas.config", jaas.append(';').toString());
        String scramJaas = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        p.put(LISTENER_PREFIX + "scram-sha-256.sasl.jaas.config", scramJaas);
        p.put(LISTENER_PREFIX + "scram-sha-512.sasl.jaas.config", scramJaas);
        return p;
    }

    /** The arguments of {@code kafka-storage format} that create the SCRAM users. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        scram.forEach((mechanism, users) -> users.forEach((user, password) -> {
            args.add("--add-scram");
            args.add(mechanism + "=[name=" + user + ",password=" + password + "]");
        }));
        return args;
    }
}
