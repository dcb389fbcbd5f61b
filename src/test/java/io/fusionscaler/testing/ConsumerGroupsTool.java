package io.fusionscaler.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.TopicPartition;

import io.fusionscaler.testing.broker.KafkaBroker;

/**
 * Kafka's own {@code kafka-consumer-groups --describe}, the reference for consumer lag: runs
 * {@code org.apache.kafka.tools.consumer.group.ConsumerGroupCommand} from the broker jars in a JVM of its own and
 * reads the LAG column of its table.
 */
public final class ConsumerGroupsTool {

    public static final String MAIN_CLASS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path libsDir;
    private final String bootstrapServers;

    public ConsumerGroupsTool(Path libsDir, String bootstrapServers) {
        this.libsDir = Objects.requireNonNull(libsDir, "libsDir");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }

    /** The tool for a broker's PLAINTEXT listener, run from that broker's jars. */
    public static ConsumerGroupsTool forBroker(KafkaBroker broker) {
        return new ConsumerGroupsTool(broker.libsDir(), broker.bootstrapServers());
    }

    /** The lag of each partition the tool lists for the group, as the tool computes it. */
    public record GroupLag(String group, Map<TopicPartition, Long> lagByPartition, String output) {

        public GroupLag {
            lagByPartition = Map.copyOf(lagByPartition);
        }

        public long totalLag() {
            return lagByPartition.values().stream().mapToLong(Long::longValue).sum();
        }

        public long lag(String topic, int partition) {
            Long lag = lagByPartition.get(new TopicPartition(topic, partition));
            if (lag == null) {
                throw new IllegalArgumentException("no lag for " + topic + "-" + partition + " in:\n" + output);
            }
            return lag;
        }
    }

    /**
     * Runs {@code --describe --group <group>}. Rows whose LAG is {@code -} (no committed offset, member owning it)
     * are left out, and so are partitions the tool leaves out itself (no commit, no active member).
     *
     * @throws IllegalStateException when the tool fails or prints no table
     */
    public GroupLag describe(String group) {
        KafkaBroker.ToolResult result = KafkaBroker.runTool(libsDir, TIMEOUT, MAIN_CLASS,
                List.of("--bootstrap-server", bootstrapServers, "--describe", "--group", group));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kafka-consumer-groups --describe --group " + group
                    + " failed (exit code " + result.exitCode() + "):\n" + result.output());
        }
        return parse(group, result.output());
    }

    /** The lag of each partition, as {@link #describe(String)} reads it. */
    public Map<TopicPartition, Long> lag(String group) {
        return describe(group).lagByPartition();
    }

    /** The sum of the lags {@link #describe(String)} reads. */
    public long totalLag(String group) {
        return describe(group).totalLag();
    }

    /** Reads the table printed by {@code --describe}; the columns are found by their headers. */
    static GroupLag parse(String group, String output) {
        List<String> lines = output.lines().map(String::strip).toList();
        int header = headerIndex(lines, output);
        List<String> columns = Arrays.asList(lines.get(header).split("\\s+"));
        int groupColumn = column(columns, "GROUP", output);
        int topicColumn = column(columns, "TOPIC", output);
        int partitionColumn = column(columns, "PARTITION", output);
        int lagColumn = column(columns, "LAG", output);
        Map<TopicPartition, Long> lag = new LinkedHashMap<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            String[] cells = line.split("\\s+");
            if (line.isEmpty() || cells.length <= lagColumn || !cells[groupColumn].equals(group)) {
                continue;
            }
            if (!cells[lagColumn].equals("-")) {
                lag.put(new TopicPartition(cells[topicColumn], Integer.parseInt(cells[partitionColumn])),
                        Long.parseLong(cells[lagColumn]));
            }
        }
        return new GroupLag(group, lag, output);
    }

    private static int headerIndex(List<String> lines, String output) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("GROUP ") && lines.get(i).contains(" LAG ")) {
                return i;
            }
        }
        throw new IllegalStateException("kafka-consumer-groups printed no offsets table:\n" + output);
    }

    private static int column(List<String> columns, String name, String output) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException("no " + name + " column in:\n" + output);
        }
        return index;
    }
}
