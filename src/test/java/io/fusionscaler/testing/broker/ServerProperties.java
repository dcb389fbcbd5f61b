package io.fusionscaler.testing.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The broker's {@code server.properties}: one node, broker and controller, static quorum, loopback only. */
final class ServerProperties {

    private static final int NODE_ID = 1;

    /** Partition counts, replication factors and minimum in-sync replicas. */
    private static final List<String> ONE_ON_A_SINGLE_NODE = List.of(
            "num.partitions", "default.replication.factor", "min.insync.replicas",
            "offsets.topic.replication.factor", "offsets.topic.num.partitions",
            "transaction.state.log.replication.factor", "transaction.state.log.min.isr",
            "transaction.state.log.num.partitions",
            "share.coordinator.state.topic.replication.factor", "share.coordinator.state.topic.min.isr",
            "share.coordinator.state.topic.num.partitions");

    private ServerProperties() {
    }

    /**
     * @param ssl the SSL listener's lines ({@link TlsMaterial#generate(Path)}), empty without one
     */
    static Map<String, String> of(BrokerSettings settings, ListenerPorts ports, Path dataDir, Map<String, String> ssl) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + ListenerPorts.address(ports.controller()));
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        listeners(p, ports);
        p.put("log.dirs", dataDir.toString());
        singleNodeDefaults(p);
        if (settings.saslUsers().any()) {
            p.putAll(settings.saslUsers().listenerProperties());
        }
        p.putAll(ssl);
        p.putAll(settings.brokerProperties());
        return p;
    }

    static void write(Path file, Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# Written by ").append(KafkaBroker.class.getName()).append('\n');
        properties.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        UncheckedFiles.writeString(file, text.toString());
    }

    private static void listeners(Map<String, String> p, ListenerPorts ports) {
        List<String> listeners = new ArrayList<>();
        List<String> protocols = new ArrayList<>(List.of("CONTROLLER:PLAINTEXT", "PLAINTEXT:PLAINTEXT"));
        listeners.add("PLAINTEXT://" + ListenerPorts.address(ports.plaintext()));
        if (ports.sasl() != 0) {
            listeners.add("SASL_PLAINTEXT://" + ListenerPorts.address(ports.sasl()));
            protocols.add("SASL_PLAINTEXT:SASL_PLAINTEXT");
        }
        if (ports.ssl() != 0) {
            listeners.add("SSL://" + ListenerPorts.address(ports.ssl()));
            protocols.add("SSL:SSL");
        }
        String advertised = String.join(",", listeners);
        p.put("listeners", advertised + ",CONTROLLER://" + ListenerPorts.address(ports.controller()));
        p.put("advertised.listeners", advertised);
        p.put("listener.security.protocol.map", String.join(",", protocols));
    }

    private static void singleNodeDefaults(Map<String, String> p) {
        ONE_ON_A_SINGLE_NODE.forEach(key -> p.put(key, "1"));
        p.put("group.initial.rebalance.delay.ms", "0");
        // On a loaded 2-core machine a starved heartbeat must not fence the only broker (9 s by default): a fenced
        // broker leads no partition, so fresh topics answer NOT_LEADER_OR_FOLLOWER until it is unfenced.
        p.put("broker.session.timeout.ms", "60000");
        // The default 128 MiB dedupe buffer alone would need a much larger heap.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
    }

    /** Escapes a value for a {@code .properties} file (backslashes, line breaks, leading blanks). */
    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case ' ' -> escaped.append(i == 0 ? "\\ " : " ");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
