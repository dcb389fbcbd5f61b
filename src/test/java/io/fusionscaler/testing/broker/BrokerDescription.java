package io.fusionscaler.testing.broker;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@link KafkaBroker#describe()} hands to another class loader, and {@link KafkaBroker#attach(Map)} reads. */
record BrokerDescription(Path libsDir, Path workDir, long pid, ListenerPorts ports) {

    private static final String LIBS_DIR = "libs-dir";
    private static final String WORK_DIR = "work-dir";
    private static final String PID = "pid";
    private static final String PLAINTEXT_PORT = "plaintext-port";
    private static final String CONTROLLER_PORT = "controller-port";
    private static final String SASL_PORT = "sasl-port";
    private static final String SSL_PORT = "ssl-port";

    static BrokerDescription parse(Map<String, String> description) {
        Path libs = Path.of(require(description, LIBS_DIR));
        Path workDir = Path.of(require(description, WORK_DIR));
        long pid = Long.parseLong(require(description, PID));
        ListenerPorts ports = new ListenerPorts(port(description, PLAINTEXT_PORT),
                port(description, CONTROLLER_PORT),
                port(description, SASL_PORT),
                port(description, SSL_PORT));
        return new BrokerDescription(libs, workDir, pid, ports);
    }

    Map<String, String> toMap() {
        Map<String, String> description = new LinkedHashMap<>();
        description.put(LIBS_DIR, libsDir.toString());
        description.put(WORK_DIR, workDir.toString());
        description.put(PID, Long.toString(pid));
        description.put(PLAINTEXT_PORT, Integer.toString(ports.plaintext()));
        description.put(CONTROLLER_PORT, Integer.toString(ports.controller()));
        description.put(SASL_PORT, Integer.toString(ports.sasl()));
        description.put(SSL_PORT, Integer.toString(ports.ssl()));
        return Collections.unmodifiableMap(description);
    }

    private static String require(Map<String, String> description, String key) {
        String value = description.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("not a Kafka broker description, no " + key + ": " + description);
        }
        return value;
    }

    private static int port(Map<String, String> description, String key) {
        return Integer.parseInt(require(description, key));
    }
}
