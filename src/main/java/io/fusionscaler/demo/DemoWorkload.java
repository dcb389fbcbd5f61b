package io.fusionscaler.demo;

import io.fusionscaler.engine.TrackerRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ./mvnw -Pdemo package quarkus:run} runs besides the scaler ({@code fusion.demo.enabled=true}): a real Kafka broker, a producer that
 * alternates quiet spells and bursts, a consumer group slower than the bursts, and {@link DemoObserver}
 * calling the scaler like KEDA would, so the lag, the decision and StreamIsActive can be watched live.
 */
@ApplicationScoped
public class DemoWorkload {

    private static final Logger LOG = Logger.getLogger(DemoWorkload.class);

    private final DemoConfig config;
    private final int grpcPort;
    private final int httpPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fusion-demo");
        thread.setDaemon(true);
        return thread;
    });
    private KafkaBroker broker;
    private DemoObserver observer;
    private volatile boolean running = true;

    private final TrackerRegistry trackers;
    private final Clock clock;

    public DemoWorkload(DemoConfig config, TrackerRegistry trackers, Clock clock,
            @ConfigProperty(name = "quarkus.grpc.server.port") int grpcPort, @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.config = config;
        this.trackers = trackers;
        this.clock = clock;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        if (!Files.isDirectory(config.brokerLibs())) {
            LOG.errorf("demo: no Kafka jars in %s; run './mvnw -Pdemo package quarkus:run' from the project root so the build fetches them",
                    config.brokerLibs().toAbsolutePath());
            return;
        }
        LOG.info("demo: starting a Kafka broker (KRaft, 127.0.0.1) from " + config.brokerLibs());
        broker = KafkaBroker.start(new KafkaBroker.Options(config.brokerLibs()));
        createTopic();
        threads.execute(this::produce);
        threads.execute(this::consume);
        Map<String, String> metadata = Map.of("bootstrapServers", broker.bootstrapServers(), "consumerGroup", config.consumerGroup(),
                "topic", config.topic(), "lagThreshold", "20");
        observer = new DemoObserver("127.0.0.1", grpcPort, metadata, this::signalSummary);
        observer.start();
        LOG.info(hint(metadata));
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (observer != null) {
            observer.close();
        }
        threads.shutdownNow();
        if (broker != null) {
            broker.close();
        }
    }

    /** The topic, and the group committed at its (empty) start, so the demo begins idle: lag 0, inactive. */
    private void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(config.topic(), config.partitions(), (short) 1))).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> start = new java.util.HashMap<>();
            for (int partition = 0; partition < config.partitions(); partition++) {
                start.put(new TopicPartition(config.topic(), partition), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(config.consumerGroup(), start).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("demo: cannot create topic " + config.topic(), e);
        }
    }

    private void produce() {
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
            long sent = 0;
            while (running) {
                LOG.infof("demo: producer quiet for %d s", config.quietSeconds());
                Thread.sleep(config.quietSeconds() * 1000L);
                LOG.infof("demo: producer bursting %d msg/s for %d s", config.burstRate(), config.burstSeconds());
                for (int second = 0; second < config.burstSeconds() && running; second++) {
                    for (int i = 0; i < config.burstRate(); i++) {
                        producer.send(new ProducerRecord<>(config.topic(), "order-" + sent, "{\"order\":" + sent + "}"));
                        sent++;
                    }
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("demo: producer stopped", e);
        }
    }

    private void consume() {
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, config.consumeRate()),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of(config.topic()));
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    consumer.commitSync();
                    // The "work": a rate limit that a burst outruns.
                    Thread.sleep(1000L * records.count() / Math.max(1, config.consumeRate()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("demo: consumer stopped", e);
            }
        }
    }

    /** The demo tracker's signal figures, read in-process, as the explain view would show them. */
    private String signalSummary() {
        return trackers.all().stream().filter(t -> t.key().name().equals("demo"))
                .flatMap(t -> t.decision(clock.instant()).signals().stream())
                .filter(v -> v.reading() != null)
                .map(v -> v.signal() + ": " + v.reading().details())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private String hint(Map<String, String> metadata) {
        String json = metadata.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        return String.join("\n",
                "",
                "==================== fusion-scaler demo ====================",
                "Kafka broker:   " + broker.bootstrapServers() + "  (topic " + config.topic() + ", group " + config.consumerGroup() + ")",
                "Watch the decision every 2 s in this log ('demo: poll ...') and StreamIsActive pushes ('demo: StreamIsActive ...').",
                "Call it yourself:",
                "  curl -s localhost:" + httpPort + "/explain | jq",
                "  curl -s localhost:" + httpPort + "/q/metrics | grep fusion_tracker",
                "  grpcurl -plaintext -d '{\"scaledObjectRef\":{\"name\":\"demo\",\"namespace\":\"default\",\"scalerMetadata\":{" + json + "}}}' \\",
                "      localhost:" + grpcPort + " externalscaler.ExternalScaler/GetMetrics",
                "============================================================");
    }
}
