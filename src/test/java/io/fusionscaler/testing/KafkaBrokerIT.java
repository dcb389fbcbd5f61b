package io.fusionscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.fusionscaler.testing.broker.KafkaBroker;

/**
 * The real broker the other tests rely on: it starts, holds data, reports the lag Kafka's own tool reports,
 * authenticates SASL and SSL clients, survives a stop and a start on the same ports, and its fresh topics take writes
 * at once. A lifecycle story: the tests run in order on one broker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaBrokerIT {

    private static final String PLAIN_USER = "alice";
    private static final String PLAIN_PASSWORD = "alice-secret";
    private static final String SCRAM_256_USER = "carol";
    private static final String SCRAM_256_PASSWORD = "carol-secret";
    private static final String SCRAM_512_USER = "bob";
    private static final String SCRAM_512_PASSWORD = "bob-secret";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private static KafkaBroker broker;
    private static KafkaTestData data;
    private static String topic;
    private static String group;

    @BeforeAll
    static void startBroker() {
        long started = System.nanoTime();
        broker = KafkaBroker.start(KafkaBrokerResource.options()
                .plainUser(PLAIN_USER, PLAIN_PASSWORD)
                .scramSha256User(SCRAM_256_USER, SCRAM_256_PASSWORD)
                .scramSha512User(SCRAM_512_USER, SCRAM_512_PASSWORD)
                .ssl(true));
        report("start (format, keytool, launch, ready)", started);
        data = KafkaTestData.forBroker(broker);
        topic = KafkaTestData.uniqueTopic("orders");
        group = KafkaTestData.uniqueGroup("engine");
    }

    @AfterAll
    static void closeBroker() {
        if (data != null) {
            data.close();
        }
        if (broker != null) {
            long started = System.nanoTime();
            broker.close();
            report("close", started);
            assertThat(broker.workDir()).doesNotExist();
        }
    }

    @Test
    @Order(1)
    void lagEqualsWhatKafkasOwnToolReports() {
        data.createTopic(topic, 3);
        assertThat(data.produce(topic, 0, 10)).isEqualTo(10);
        assertThat(data.produce(topic, 1, 7)).isEqualTo(7);
        assertThat(data.produce(topic, 2, 5)).isEqualTo(5);
        data.commitOffsets(group, Map.of(tp(0), 4L, tp(1), 7L, tp(2), 1L));

        ConsumerGroupsTool.GroupLag lag = ConsumerGroupsTool.forBroker(broker).describe(group);

        assertThat(lag.lagByPartition()).isEqualTo(Map.of(tp(0), 6L, tp(1), 0L, tp(2), 4L));
        assertThat(lag.totalLag()).isEqualTo(10);
        assertThat(data.committedOffsets(group)).isEqualTo(Map.of(tp(0), 4L, tp(1), 7L, tp(2), 1L));
    }

    @Test
    @Order(2)
    void saslPlainChecksThePassword() {
        assertThat(liveBrokers(sasl("PLAIN", PLAIN_USER, PLAIN_PASSWORD))).isEqualTo(1);
        assertThatThrownBy(() -> liveBrokers(sasl("PLAIN", PLAIN_USER, "wrong")))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    @Order(3)
    void saslScramChecksThePassword() {
        assertThat(liveBrokers(sasl("SCRAM-SHA-512", SCRAM_512_USER, SCRAM_512_PASSWORD))).isEqualTo(1);
        assertThat(liveBrokers(sasl("SCRAM-SHA-256", SCRAM_256_USER, SCRAM_256_PASSWORD))).isEqualTo(1);
        assertThatThrownBy(() -> liveBrokers(sasl("SCRAM-SHA-512", SCRAM_512_USER, "wrong")))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        assertThatThrownBy(() -> liveBrokers(sasl("SCRAM-SHA-512", SCRAM_256_USER, SCRAM_256_PASSWORD)))
                .as("a SCRAM-SHA-256 user has no SCRAM-SHA-512 credential")
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    @Order(4)
    void sslClientTrustingTheCaPemConnects() {
        assertThat(broker.caCertificatePem()).content().startsWith("-----BEGIN CERTIFICATE-----");
        Map<String, Object> trusting = ssl();
        trusting.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        trusting.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, broker.caCertificatePem().toString());
        assertThat(liveBrokers(trusting)).isEqualTo(1);

        assertThatThrownBy(() -> liveBrokers(ssl()))
                .as("the JDK's default trust store does not know the test CA")
                .hasCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    @Order(5)
    void stopTakesTheBrokerAwayAndStartAgainBringsItBackWithItsData() {
        String bootstrapServers = broker.bootstrapServers();
        long stopping = System.nanoTime();
        broker.stop();
        report("stop", stopping);

        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(() -> liveBrokers(plaintext(), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class);

        long starting = System.nanoTime();
        broker.startAgain();
        report("startAgain", starting);

        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.bootstrapServers()).isEqualTo(bootstrapServers);
        assertThat(liveBrokers(plaintext())).isEqualTo(1);
        assertThat(data.endOffset(topic, 0)).isEqualTo(10);
        assertThat(data.committedOffsets(group)).isEqualTo(Map.of(tp(0), 4L, tp(1), 7L, tp(2), 1L));
        assertThat(ConsumerGroupsTool.forBroker(broker).totalLag(group)).isEqualTo(10);
        assertThat(liveBrokers(sasl("SCRAM-SHA-512", SCRAM_512_USER, SCRAM_512_PASSWORD))).isEqualTo(1);
    }

    @Test
    @Order(6)
    void theSharedBrokerServesEveryTestAndCannotBeStoppedByOne() {
        long started = System.nanoTime();
        KafkaBroker shared = KafkaBrokerResource.broker();
        report("shared broker (first use)", started);

        assertThat(KafkaBrokerResource.broker().pid()).isEqualTo(shared.pid());
        assertThat(new KafkaBrokerResource().start())
                .containsEntry(KafkaBrokerResource.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers());
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers());
        assertThat(liveBrokers(config)).isEqualTo(1);
        assertThatThrownBy(shared::stop).isInstanceOf(UnsupportedOperationException.class);
        shared.close(); // a no-op on the handle
        assertThat(shared.isRunning()).isTrue();
    }

    /**
     * A topic takes writes as soon as {@link KafkaTestData#createTopic} returns: an idempotent producer with several
     * batches in flight (the Kafka client's default) writes every record, in order. When createTopic only waited for
     * the metadata to name a leader, a batch could reach the broker before its replica manager led the partition, be
     * refused with NOT_LEADER_OR_FOLLOWER and be overtaken by the next batch, which the broker accepted; the producer then
     * retried the first one with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (1 fresh topic in 8 here).
     */
    @Test
    @Order(7)
    void aFreshTopicTakesPipelinedWritesInOrderAsSoonAsItsCreationReturns() throws Exception {
        Map<String, Object> config = plaintext();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int round = 0; round < 20; round++) {
                String fresh = KafkaTestData.uniqueTopic("fresh");
                data.createTopic(fresh, 3);
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (int n = 0; n < 30; n++) {
                    sends.add(producer.send(new ProducerRecord<>(fresh, 2, null, new byte[] {(byte) n})));
                    Thread.sleep(2); // spread the records over several batches in flight
                }
                for (int n = 0; n < sends.size(); n++) {
                    assertThat(sends.get(n).get(15, TimeUnit.SECONDS).offset()).as("record %d of %s", n, fresh).isEqualTo(n);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static TopicPartition tp(int partition) {
        return new TopicPartition(topic, partition);
    }

    private static Map<String, Object> plaintext() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return config;
    }

    private static Map<String, Object> sasl(String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslBootstrapServers());
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, mechanism);
        config.put(SaslConfigs.SASL_JAAS_CONFIG,
                module + " required username=\"" + user + "\" password=\"" + password + "\";");
        return config;
    }

    private static Map<String, Object> ssl() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.sslBootstrapServers());
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SSL");
        return config;
    }

    /** The number of live brokers a client with this configuration sees; throws when it sees none in time. */
    private static int liveBrokers(Map<String, Object> config) {
        return liveBrokers(config, CALL_TIMEOUT);
    }

    private static int liveBrokers(Map<String, Object> config, Duration timeout) {
        int timeoutMs = (int) timeout.toMillis();
        Map<String, Object> client = new HashMap<>(config);
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        client.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(client)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes().get(timeoutMs + 1000L, TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("describeCluster failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("describeCluster failed", e);
        }
    }

    private static void report(String what, long startedNanos) {
        System.out.printf("KafkaBrokerIT: %s took %d ms%n", what,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }
}
