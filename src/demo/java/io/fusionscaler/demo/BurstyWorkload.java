package io.fusionscaler.demo;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo's Kafka traffic: a producer that alternates quiet spells and bursts, and a consumer group slower than the
 * bursts, so the lag builds up during a burst and drains after it.
 */
final class BurstyWorkload implements AutoCloseable {

    static final int QUIET_SECONDS = 15;
    static final int BURST_SECONDS = 20;
    static final int BURST_RATE = 40;
    static final int CONSUME_RATE = 30;

    private final String bootstrapServers;
    private final Thread producer;
    private final Thread consumer;
    private volatile boolean running = true;

    private BurstyWorkload(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new Thread(this::produce, "demo-producer");
        this.consumer = new Thread(this::consume, "demo-consumer");
    }

    static BurstyWorkload start(String bootstrapServers) {
        BurstyWorkload workload = new BurstyWorkload(bootstrapServers);
        workload.producer.start();
        workload.consumer.start();
        return workload;
    }

    private void produce() {
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(settings)) {
            long sent = 0;
            while (running) {
                Timeline.print("workload: quiet for " + QUIET_SECONDS + " s");
                Thread.sleep(QUIET_SECONDS * 1000L);
                Timeline.print("workload: burst of " + BURST_RATE + " msg/s for " + BURST_SECONDS + " s (the consumers handle "
                        + CONSUME_RATE + " msg/s)");
                for (int second = 0; second < BURST_SECONDS && running; second++) {
                    for (int i = 0; i < BURST_RATE; i++) {
                        kafka.send(new ProducerRecord<>(Demo.TOPIC, "order-" + sent, "{\"order\":" + sent + "}"));
                        sent++;
                    }
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                Timeline.print("workload: producer stopped: " + e);
            }
        }
    }

    private void consume() {
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, Demo.GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, CONSUME_RATE,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(settings)) {
            kafka.subscribe(List.of(Demo.TOPIC));
            while (running) {
                ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    kafka.commitSync();
                    // The "work": a rate limit that a burst outruns.
                    Thread.sleep(1000L * records.count() / CONSUME_RATE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                Timeline.print("workload: consumer stopped: " + e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        producer.interrupt();
        consumer.interrupt();
        try {
            producer.join(5_000);
            consumer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
