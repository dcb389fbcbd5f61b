package io.fusionscaler.signal.kafka;

import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.KedaLikeClient.ActivityStreamCall;
import io.fusionscaler.testing.broker.KafkaBroker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged scaler (the fast-jar, or the native runner with {@code -Dnative}) over time with real brokers: an
 * outage (UNAVAILABLE, never a made-up 0) and its recovery, and a scaled-to-zero workload woken by a StreamIsActive push.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaBrokerResource.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaOutageAndWakeUpIT {

    @Test
    void aStoppedBrokerTurnsAnswersUnavailableNeverZeroAndTheyRecoverWhenItReturns() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(KafkaBrokerResource.options());
                KafkaTestData kafka = new KafkaTestData(broker.bootstrapServers());
                KedaLikeClient keda = KedaLikeClient.forTestServer().connected()) {
            String topic = KafkaTestData.uniqueTopic("outage");
            String group = KafkaTestData.uniqueGroup("outage");
            kafka.createTopic(topic, 2);
            kafka.produce(topic, Map.of(0, 30, 1, 20));
            kafka.commitOffset(group, topic, 0, 0);
            kafka.commitOffset(group, topic, 1, 0);
            ScaledObjectRef ref = keda.ref("outage", "so", Map.of("bootstrapServers", broker.bootstrapServers(),
                    "consumerGroup", group, "topic", topic, "lagThreshold", "10"));
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> keda.poll(ref).value() == 2.0);

            broker.stop();
            List<String> answers = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String answer = answer(keda, ref);
                answers.add(answer);
                return answer.startsWith("UNAVAILABLE");
            });
            assertThat(answers).allMatch(a -> a.equals("2.0") || a.startsWith("UNAVAILABLE"));
            assertThat(answers.get(answers.size() - 1)).contains("kafka signal unavailable");
            assertThat(keda.hpaStub().getMetricSpec(ref).getMetricSpecsCount()).as("GetMetricSpec never fails on source trouble").isEqualTo(1);

            broker.startAgain();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> answer(keda, ref).equals("2.0"));
        }
    }

    private static String answer(KedaLikeClient keda, ScaledObjectRef ref) {
        try {
            KedaLikeClient.Poll poll = keda.poll(ref);
            return String.valueOf(poll.value());
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
        }
    }

    @Test
    void theFirstMessageOnAnIdleGroupWakesTheWorkloadThroughStreamIsActiveWithinSeconds() throws Exception {
        try (KafkaTestData kafka = new KafkaTestData(KafkaBrokerResource.bootstrapServers());
                KedaLikeClient keda = KedaLikeClient.forTestServer().connected()) {
            String topic = KafkaTestData.uniqueTopic("wake");
            String group = KafkaTestData.uniqueGroup("wake");
            kafka.createTopic(topic, 3);
            for (int p = 0; p < 3; p++) {
                kafka.commitOffset(group, topic, p, 0);
            }
            ScaledObjectRef ref = keda.ref("wake", "gpu-module", Map.of("bootstrapServers", KafkaBrokerResource.bootstrapServers(),
                    "consumerGroup", group, "topic", topic));
            keda.poll(ref);
            ActivityStreamCall stream = keda.streamIsActive(ref);
            assertThat(stream.next(5, TimeUnit.SECONDS)).as("idle on open").isFalse();

            kafka.produce(topic, 1, 1);
            // Pushed by the refresh loop, long before KEDA's next 30 s poll (the benchmark measures the latency).
            assertThat(stream.next(10, TimeUnit.SECONDS)).as("woken by the push").isTrue();
            assertThat(keda.poll(ref).active()).isTrue();
            stream.cancel();
            assertThat(stream.end()).succeedsWithin(Duration.ofSeconds(5)).extracting(Status::getCode).isEqualTo(Status.Code.CANCELLED);
        }
    }
}
