package io.fusionscaler.signal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.signal.queue.FakePods;
import io.fusionscaler.signal.queue.Pages;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.KubeObjects;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7's proof: kafka, cpu and queue keys in one trigger, through KEDA's gRPC port as KEDA calls it, against the
 * packaged build (the fast-jar, or the native runner with {@code -Dnative}: its Kubernetes client, informers and JSON
 * model included), with nothing scripted: a real Kafka broker, the fabric8 mock API server in CRUD mode, PodMetrics there for CPU, and the pods' metrics pages real HTTP servers on
 * loopback addresses, which are the pods' IPs in the API. The fused answer follows the trigger's {@code fusion}
 * policy and the explain view names the signal that decided; a target at zero replicas, where CPU is absent, wakes on
 * its callers' queues, pushed over StreamIsActive.
 */
@QuarkusIntegrationTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaBrokerResource.class)
@TestProfile(FusedSignalsIT.FastRefreshes.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FusedSignalsIT {

    /** Fast refreshes. */
    public static class FastRefreshes implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fusion.cpu.refresh-interval", "500ms",
                    "fusion.queue.refresh-interval", "500ms",
                    "fusion.kafka.refresh-interval", "500ms",
                    "fusion.target.scale-refresh-interval", "500ms",
                    // a loaded machine may miss a few refreshes: no signal turns unknown in between
                    "fusion.kafka.staleness-limit", "30s",
                    "fusion.queue.staleness-limit", "30s");
        }
    }

    private static final Duration ANSWER = Duration.ofSeconds(90);
    private static final Instant STARTED = Instant.now().minus(Duration.ofHours(1));
    private static final Map<String, String> API = Map.of("app", "api");
    private static final Map<String, String> RANKER = Map.of("app", "ranker");
    private static final Map<String, String> GATEWAY = Map.of("app", "gateway");

    @KubernetesTestServer
    KubernetesServer server;

    private KedaLikeClient keda;
    private KafkaTestData kafka;
    private KubernetesClient seed;
    private FakePods pods;
    private String namespace;

    @BeforeEach
    void start() {
        keda = KedaLikeClient.forTestServer().connected();
        kafka = new KafkaTestData(KafkaBrokerResource.bootstrapServers());
        seed = server.getClient();
        namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() throws InterruptedException {
        keda.close();
        kafka.close();
        if (pods != null) {
            pods.close();
        }
    }

    /** A running pod whose IP is that of one of the fake pods, so its metrics page is served there. */
    private void createPod(FakePods.Pod fake, String name, Map<String, String> labels) {
        Pod pod = KubeObjects.pod(namespace, name, labels, "500m", "512Mi", STARTED);
        seed.resource(new PodBuilder(pod).editStatus().withPodIP(fake.ip).endStatus().build()).create();
    }

    /** A topic of {@code partitions} partitions with {@code perPartition} records each, and a group committed at offset 0. */
    private Map<String, String> kafkaKeys(int partitions, int perPartition) {
        String topic = KafkaTestData.uniqueTopic("fused");
        String group = KafkaTestData.uniqueGroup("fused");
        kafka.createTopic(topic, partitions);
        for (int p = 0; p < partitions; p++) {
            if (perPartition > 0) {
                kafka.produce(topic, p, perPartition);
            }
            kafka.commitOffset(group, topic, p, 0);
        }
        return Map.of("bootstrapServers", KafkaBrokerResource.bootstrapServers(), "consumerGroup", group, "topic", topic,
                "lagThreshold", "10");
    }

    private Map<String, String> queueKeys() {
        return Map.of("queueMetric", Pages.DEPTH, "queueLabels", "grpc_method=Predict", "queuePort", String.valueOf(pods.port),
                "queueTarget", "5");
    }

    @SafeVarargs
    private static Map<String, String> trigger(Map<String, String>... parts) {
        Map<String, String> metadata = new HashMap<>();
        for (Map<String, String> part : parts) {
            metadata.putAll(part);
        }
        return metadata;
    }

    private KedaLikeClient.Poll pollUntil(ScaledObjectRef ref, double value, boolean active) {
        await().atMost(ANSWER).pollInterval(Duration.ofMillis(250)).ignoreException(StatusRuntimeException.class)
                .until(() -> {
                    KedaLikeClient.Poll poll = keda.poll(ref);
                    return poll.value() == value && poll.active() == active;
                });
        return keda.poll(ref);
    }

    private JsonPath explain(String name) {
        return given().get("/explain/" + namespace + "/" + name).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void kafkaCpuAndQueueInOneTriggerFuseWithMaxToTheLargestRequestAndWithMinToTheSmallestAndExplainNamesTheDecider()
            throws Exception {
        pods = FakePods.start(71, 2);
        pods.pod(0).serve(Pages.queueDepth(4, 30));
        pods.pod(1).serve(Pages.queueDepth(5, 30));
        KubeObjects.createScaledObject(seed, namespace, "api", null, null, "api");
        seed.resource(KubeObjects.deployment(namespace, "api", 2, API)).create();
        for (int i = 0; i < 2; i++) {
            createPod(pods.pod(i), "api-" + i, API);
            seed.resource(KubeObjects.podMetrics(namespace, "api-" + i, API, "400m", "256Mi", Instant.now())).create();
        }
        // kafka: lag 6 × 10 = 60 against 10 → 6 (the partition count caps it at 6)
        // cpu: 400m of 500m is 80 % against 50 % → ceil(1.6 × 2) = 4
        // queue: Predict queues 4 + 5 = 9 against 5 per replica → ceil(1.8) = 2
        Map<String, String> signals = trigger(kafkaKeys(6, 10), Map.of("cpuTargetUtilization", "50"), queueKeys());
        ScaledObjectRef max = keda.ref(namespace, "api", trigger(signals, Map.of("fusion", "max")));
        ScaledObjectRef min = keda.ref(namespace, "api", trigger(signals, Map.of("fusion", "min")));

        KedaLikeClient.Poll largest = pollUntil(max, 6, true);
        KedaLikeClient.Poll smallest = pollUntil(min, 2, true);

        assertThat(largest.value()).as("max: kafka's 6").isEqualTo(6);
        assertThat(smallest.value()).as("min: the queue's 2").isEqualTo(2);
        assertThat(largest.active() && smallest.active()).as("kafka lag and queued requests are activity").isTrue();
        JsonPath explained = explain("api");
        for (String policy : List.of("max", "min")) {
            String tracker = "find { it.policy == '" + policy + "' }";
            assertThat(explained.getString(tracker + ".status")).isEqualTo("OK");
            assertThat(explained.getMap(tracker + ".signals.collectEntries { [it.signal, it.desiredReplicas] }"))
                    .as("what each signal asks for under %s", policy)
                    .containsExactlyInAnyOrderEntriesOf(Map.of("kafka", 6, "cpu", 4, "queue", 2));
            assertThat(explained.getMap(tracker + ".signals.collectEntries { [it.signal, it.status] }"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("kafka", "measured", "cpu", "measured", "queue", "measured"));
        }
        assertThat(explained.getInt("find { it.policy == 'max' }.desiredReplicas")).isEqualTo(6);
        assertThat(explained.getList("find { it.policy == 'max' }.decidedBy", String.class)).containsExactly("kafka");
        assertThat(explained.getInt("find { it.policy == 'min' }.desiredReplicas")).isEqualTo(2);
        assertThat(explained.getList("find { it.policy == 'min' }.decidedBy", String.class)).containsExactly("queue");
    }

    @Test
    void aTargetScaledToZeroWithCpuAbsentWakesOnItsCallersQueueDepthPushedOverStreamIsActive() throws Exception {
        pods = FakePods.start(81, 2);
        pods.all().forEach(pod -> pod.serve(Pages.queueDepth(0, 4)));
        KubeObjects.createScaledObject(seed, namespace, "ranker", null, null, "ranker");
        seed.resource(KubeObjects.deployment(namespace, "ranker", 0, RANKER)).create();
        for (int i = 0; i < 2; i++) {
            createPod(pods.pod(i), "gateway-" + i, GATEWAY);
        }
        ScaledObjectRef ref = keda.ref(namespace, "ranker", trigger(kafkaKeys(3, 0), Map.of("cpuTargetUtilization", "50"),
                queueKeys(), Map.of("queuePodSelector", "app=gateway")));

        KedaLikeClient.Poll asleep = pollUntil(ref, 0, false);
        assertThat(asleep.value()).isZero();
        JsonPath idle = explain("ranker");
        assertThat(idle.getString("[0].signals.find { it.signal == 'cpu' }.status")).isEqualTo("absent");
        assertThat(idle.getString("[0].signals.find { it.signal == 'cpu' }.absentReason")).isNotBlank();
        assertThat(idle.getMap("[0].signals.collectEntries { [it.signal, it.status] }"))
                .containsEntry("kafka", "measured").containsEntry("queue", "measured");

        KedaLikeClient.ActivityStreamCall stream = keda.streamIsActive(ref);
        assertThat(stream.next(ANSWER.toSeconds(), TimeUnit.SECONDS)).as("asleep on open").isFalse();

        pods.pod(1).serve(Pages.queueDepth(12, 4));

        assertThat(stream.next(ANSWER.toSeconds(), TimeUnit.SECONDS)).as("woken by the push").isTrue();
        // 12 queued Predict calls against 5 per replica → 3; kafka idle asks 0, cpu is left out
        KedaLikeClient.Poll woken = pollUntil(ref, 3, true);
        assertThat(woken.value()).isEqualTo(3);
        JsonPath awake = explain("ranker");
        assertThat(awake.getList("[0].decidedBy", String.class)).containsExactly("queue");
        assertThat(awake.getString("[0].signals.find { it.signal == 'cpu' }.status")).isEqualTo("absent");
        stream.cancel();
    }
}
