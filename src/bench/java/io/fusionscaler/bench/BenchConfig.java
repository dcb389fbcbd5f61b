package io.fusionscaler.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark's sizes, from system properties (the {@code bench} Maven profile forwards them; override with
 * {@code -Dbench.load.seconds=20} and so on on the Maven command line).
 */
record BenchConfig(
        Set<String> parts,
        Path buildDir,
        Path outputDir,
        String brokerHeap,
        List<String> scalerJvmArgs,
        int loadCallers,
        int loadScaledObjects,
        Duration loadWarmup,
        Duration loadMeasure,
        long loadCalls,
        int activationRounds,
        int scaleTopics,
        int scalePartitions,
        int scaleScaledObjects,
        int scaleRecordsPerPartition,
        int scaleTopicBatch,
        Duration scaleSample,
        String scaleBrokerHeap,
        boolean scaleIdle,
        int scrapePods,
        Duration scrapeWarmup,
        Duration scrapeMeasure,
        Duration gpuAgentWarmup,
        Duration gpuAgentMeasure,
        int gpuJoinAgents,
        int gpuJoinTargets,
        int gpuJoinRounds) {

    static final String LOAD = "load";
    static final String ACTIVATION = "activation";
    static final String SCALE = "scale";
    static final String DECISIONS = "decisions";
    /** Part 4, target discovery and the cpu signal (TargetsBenchmark reads its own sizes, bench.targets.*). */
    static final String TARGETS = "targets";
    static final String SCRAPE = "scrape";
    static final String GPU_AGENT = "gpu-agent";
    static final String GPU_JOIN = "gpu-join";

    static BenchConfig fromSystemProperties() {
        Path buildDir = Path.of(string("bench.build.dir", "target")).toAbsolutePath().normalize();
        return new BenchConfig(
                Arrays.stream(string("bench.parts", String.join(",", LOAD, ACTIVATION, SCALE, DECISIONS, TARGETS, SCRAPE, GPU_AGENT, GPU_JOIN)).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                buildDir,
                Path.of(string("bench.output.dir", buildDir.resolve("bench").toString())).toAbsolutePath().normalize(),
                string("bench.broker.heap", "512m"),
                Arrays.stream(string("bench.scaler.jvmArgs", "").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(),
                integer("bench.load.callers", 8),
                integer("bench.load.scaledObjects", 10),
                Duration.ofSeconds(integer("bench.load.warmupSeconds", 5)),
                Duration.ofSeconds(integer("bench.load.seconds", 10)),
                integer("bench.load.calls", 0),
                integer("bench.activation.rounds", 50),
                integer("bench.scale.topics", 100),
                integer("bench.scale.partitions", 100),
                integer("bench.scale.scaledObjects", 1000),
                integer("bench.scale.recordsPerPartition", 10),
                integer("bench.scale.topicBatch", 10),
                Duration.ofSeconds(integer("bench.scale.sampleSeconds", 20)),
                string("bench.scale.brokerHeap", "2g"),
                Boolean.parseBoolean(string("bench.scale.idle", "false")),
                integer("bench.scrape.pods", 200),
                Duration.ofSeconds(integer("bench.scrape.warmupSeconds", 60)),
                Duration.ofSeconds(integer("bench.scrape.seconds", 10)),
                Duration.ofSeconds(integer("bench.gpuAgent.warmupSeconds", 10)),
                Duration.ofSeconds(integer("bench.gpuAgent.seconds", 30)),
                integer("bench.gpuJoin.agents", 100),
                integer("bench.gpuJoin.targets", 1000),
                integer("bench.gpuJoin.rounds", 20));
    }

    boolean runs(String part) {
        return parts.contains(part);
    }

    private static String string(String key, String fallback) {
        String value = System.getProperty(key);
        // an unset Maven property arrives as its own ${...} expression
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.trim();
    }

    private static int integer(String key, int fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number >= 0, not '" + value + "'");
        }
    }
}
