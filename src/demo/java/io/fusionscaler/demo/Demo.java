package io.fusionscaler.demo;

import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.ScalerProcess;
import io.fusionscaler.testing.broker.KafkaBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * What {@code ./mvnw -Pdemo verify} runs once it has packaged the scaler: a real Kafka broker, the packaged scaler as
 * a process of its own on its real ports, a {@link BurstyWorkload} on a topic, and {@link KedaPlayer} calling the
 * scaler as KEDA does and printing its answers beside what {@code GET /explain} says, so that the lag rising, the
 * decision changing and StreamIsActive firing can be watched live. Runs until Ctrl-C, which stops every process (so
 * does the end of the Maven process that started it).
 *
 * <p>Settings (system properties): {@code kafka.broker.libs} (the broker jars the build fetched), {@code demo.dir}
 * (where the scaler's log goes), {@code demo.grpc.port} and {@code demo.http.port} (the scaler's ports).
 */
public final class Demo implements AutoCloseable {

    static final String TOPIC = "demo-orders";
    static final int PARTITIONS = 3;
    static final String GROUP = "demo-workers";
    static final int LAG_THRESHOLD = 20;

    /** Kept so that their levels stay set: the JDK holds loggers weakly. */
    private static final Logger KAFKA_LOGGER = Logger.getLogger("org.apache.kafka");

    private final CountDownLatch stopped = new CountDownLatch(1);
    private KafkaBroker broker;
    private ScalerProcess scaler;
    private BurstyWorkload workload;
    private KedaPlayer keda;

    public static void main(String[] args) throws Exception {
        KAFKA_LOGGER.setLevel(Level.WARNING);
        Demo demo = new Demo();
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));
        // Ctrl-C reaches every process of the terminal's foreground group; when only Maven, which runs this JVM, is
        // stopped (an IDE's stop button, a kill), this JVM ends with it and its shutdown hook stops the others.
        ProcessHandle.current().parent().ifPresent(maven -> maven.onExit().thenRun(() -> System.exit(0)));
        try {
            demo.start(Integer.getInteger("demo.grpc.port", 9090), Integer.getInteger("demo.http.port", 8080),
                    Path.of(System.getProperty("demo.dir", "target/demo")));
        } catch (RuntimeException e) {
            Timeline.print("demo: could not start: " + e.getMessage());
            System.exit(1);
        }
        demo.stopped.await();
    }

    private void start(int grpcPort, int httpPort, Path dir) throws Exception {
        Timeline.print("demo: starting a Kafka broker (KRaft, 127.0.0.1) from " + KafkaBrokerResource.libsDir());
        broker = KafkaBroker.start(KafkaBrokerResource.options());
        try (KafkaTestData kafka = KafkaTestData.forBroker(broker)) {
            kafka.createTopic(TOPIC, PARTITIONS);
            // The group starts committed at the (empty) topic's start: lag 0, inactive.
            for (int partition = 0; partition < PARTITIONS; partition++) {
                kafka.commitOffset(GROUP, TOPIC, partition, 0);
            }
        }
        Timeline.print("demo: broker " + broker.bootstrapServers() + ", topic " + TOPIC + " (" + PARTITIONS + " partitions), consumer group " + GROUP);

        Path log = Files.createDirectories(dir).resolve("scaler.log");
        Timeline.print("demo: starting the packaged scaler (gRPC " + grpcPort + ", HTTP " + httpPort + "; its log: " + log + ")");
        try {
            scaler = ScalerProcess.startOn(grpcPort, httpPort, log);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n(ports taken? choose others with -Ddemo.grpc.port=... -Ddemo.http.port=...)", e);
        }
        Timeline.print("demo: scaler ready, pid " + scaler.pid());

        Map<String, String> metadata = new TreeMap<>(Map.of("bootstrapServers", broker.bootstrapServers(), "consumerGroup", GROUP,
                "topic", TOPIC, "lagThreshold", Integer.toString(LAG_THRESHOLD)));
        System.out.println(banner(metadata, grpcPort, httpPort));
        keda = KedaPlayer.start(scaler, metadata);
        workload = BurstyWorkload.start(broker.bootstrapServers());
    }

    private static String banner(Map<String, String> metadata, int grpcPort, int httpPort) {
        String json = metadata.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(","));
        return String.join("\n",
                "",
                "==================== fusion-scaler demo ====================",
                "A producer alternates " + BurstyWorkload.QUIET_SECONDS + " s of quiet with " + BurstyWorkload.BURST_SECONDS
                        + " s bursts of " + BurstyWorkload.BURST_RATE + " msg/s; the consumer group handles "
                        + BurstyWorkload.CONSUME_RATE + " msg/s.",
                "Below, 'keda:' lines are what KEDA would see (a StreamIsActive, and a poll every 2 s) next to GET /explain.",
                "Call the scaler yourself:",
                "  curl -s localhost:" + httpPort + "/explain/default/demo",
                "  curl -s localhost:" + httpPort + "/q/metrics | grep fusion_tracker",
                "  grpcurl -plaintext -d '{\"scaledObjectRef\":{\"name\":\"demo\",\"namespace\":\"default\",\"scalerMetadata\":{" + json + "}}}' \\",
                "      localhost:" + grpcPort + " externalscaler.ExternalScaler/GetMetrics",
                "Stop with Ctrl-C.",
                "============================================================");
    }

    /** Stops the KEDA player and the workload, then the scaler (SIGTERM) and the broker. Idempotent. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        if (keda != null) {
            keda.close();
        }
        if (workload != null) {
            workload.close();
        }
        if (scaler != null) {
            scaler.close();
        }
        if (broker != null) {
            broker.close();
        }
        Timeline.print("demo: stopped the scaler and the broker");
        stopped.countDown();
    }
}
