package io.fusionscaler.signal.gpu;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.target.InformerTargetDiscovery;
import io.fusionscaler.target.TestTargetConfig;
import io.fusionscaler.testing.KubeObjects;
import io.fusionscaler.testing.MockKubernetes;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.fusionscaler.signal.gpu.Reports.pod;
import static io.fusionscaler.signal.gpu.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

/**
 * The GPU signal against real parts: two gpu-agent HTTP servers on two loopback addresses (two "nodes", their pods' IPs
 * 127.0.0.2 and 127.0.0.3), found by label through the fabric8 mock API server, which also holds the ScaledObject, its
 * Deployment and its pods; target discovery's informers as in the scaler.
 */
class GpuAgentsPullTest {

    private static final String NS = "ml";
    private static final String AGENTS_NS = "gpu-system";
    private static final Map<String, String> MODEL = Map.of("app", "model");
    private static final Map<String, String> AGENT = Map.of("app.kubernetes.io/component", "gpu-agent");
    private static final Instant STARTED = Instant.now().minus(Duration.ofHours(1));
    private static final GpuTrigger SPEC = new GpuTrigger(NS, "model", 40, 5, Duration.ofMillis(600));

    private MockKubernetes kube;
    private KubernetesClient seed;
    private KubernetesClient client;
    private InformerTargetDiscovery discovery;
    private Vertx vertx;
    private FakeAgent agentA;
    private FakeAgent agentB;
    private GpuUtilizationSource source;

    @BeforeEach
    void start() throws IOException {
        kube = new MockKubernetes();
        seed = kube.client();
        client = kube.newClient();
        discovery = new InformerTargetDiscovery(client, TestTargetConfig.defaults(), Clock.systemUTC());
        discovery.start();
        vertx = Vertx.vertx();
        FakeAgent[] agents = FakeAgent.pair("127.0.0.2", "127.0.0.3");
        agentA = agents[0];
        agentB = agents[1];

        KubeObjects.createScaledObject(seed, NS, "model", null, null, "model");
        seed.resource(KubeObjects.deployment(NS, "model", 2, MODEL)).create();
        for (String name : new String[] {"model-0", "model-1"}) {
            seed.resource(KubeObjects.pod(NS, name, MODEL, "1", "1Gi", STARTED)).create();
        }
        seed.resource(agentPod("gpu-agent-a", "127.0.0.2")).create();
        seed.resource(agentPod("gpu-agent-b", "127.0.0.3")).create();
        // model-0 runs on node a at 90 %, model-1 on node b at 70 %; each agent also reports a pod of another namespace
        agentA.serve(report("node-a", Instant.now(), 0, pod(NS, "model-0", 0.9), pod("other", "model-0", 0.1)));
        agentB.serve(report("node-b", Instant.now(), 0, pod(NS, "model-1", 0.7)));
        source = source(TestGpuConfig.of(AGENTS_NS, agentA.port()));
    }

    @AfterEach
    void stop() {
        source.close();
        agentA.close();
        agentB.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        discovery.stop();
        client.close();
        kube.close();
    }

    private GpuUtilizationSource source(TestGpuConfig config) {
        Clock clock = Clock.systemUTC();
        return new GpuUtilizationSource(config, discovery, clock,
                new AgentClient(vertx, config.agentTimeout(), config.maxResponseSize().asLongValue(), clock), () -> "unused");
    }

    private static Pod agentPod(String name, String ip) {
        Pod pod = KubeObjects.pod(AGENTS_NS, name, AGENT, "20m", "96Mi", STARTED);
        return new PodBuilder(pod).editStatus().withPodIP(ip).endStatus().build();
    }

    private SignalOutcome refresh(GpuUtilizationSource from, GpuTrigger spec) {
        return from.refresh(Set.of(spec), RefreshDeadline.after(Duration.ofSeconds(5))).get(spec);
    }

    /** The first refresh after the informers synced (target discovery waits for them, within the deadline). */
    private SignalReading measured(GpuTrigger spec) {
        AtomicReference<SignalOutcome> outcome = new AtomicReference<>();
        await().atMost(30, TimeUnit.SECONDS).until(() -> {
            outcome.set(refresh(source, spec));
            return outcome.get() instanceof SignalOutcome.Measured;
        });
        return ((SignalOutcome.Measured) outcome.get()).reading();
    }

    @Test
    void utilizationOfTheTargetsGpusAcrossTwoAgentsScalesIt() {
        SignalReading reading = measured(SPEC);

        // (90 + 70) / 2 = 80 % against 40 % → ceil(2 × 80 / 40) = 4
        assertThat(reading.signal()).isEqualTo("gpu");
        assertThat(reading.value()).isCloseTo(80.0, offset(1e-9));
        assertThat(reading.desiredReplicas()).isEqualTo(4);
        assertThat(reading.active()).isTrue();
        assertThat(reading.coverage().toString()).isEqualTo("2 of 2 pods");
        assertThat(reading.observedAt()).isBefore(Instant.now().minusMillis(FakeAgent.SAMPLE_AGE_MILLIS - 1));
        assertThat(reading.details()).containsEntry("nodes", List.of("node-a", "node-b"));
        assertThat(agentA.calls()).isPositive();
        assertThat(agentB.calls()).isPositive();
    }

    @Test
    void everyAgentIsAskedOncePerRefreshForAllSpecs() {
        measured(SPEC);
        GpuTrigger other = new GpuTrigger(NS, "model", 80, 0, Duration.ofMinutes(5));
        int before = agentA.calls();

        Map<GpuTrigger, SignalOutcome> outcomes = source.refresh(Set.of(SPEC, other), RefreshDeadline.after(Duration.ofSeconds(5)));

        assertThat(outcomes.get(other)).isInstanceOfSatisfying(SignalOutcome.Measured.class,
                m -> assertThat(m.reading().desiredReplicas()).isEqualTo(2));
        assertThat(agentA.calls() - before).isEqualTo(1);
    }

    @Test
    void anAgentThatStopsAnsweringLeavesItsPodsUncoveredNotAtZero() {
        measured(SPEC);
        agentB.close();

        SignalOutcome partial = refresh(source, SPEC);

        // only model-0 (90 %) is measured; model-1 still runs, at that mean: ceil(2 × 90 / 40) = 5
        assertThat(partial).isInstanceOfSatisfying(SignalOutcome.Measured.class, m -> {
            assertThat(m.reading().coverage().toString()).isEqualTo("1 of 2 pods");
            assertThat(m.reading().value()).isCloseTo(90.0, offset(1e-9));
            assertThat(m.reading().desiredReplicas()).isEqualTo(5);
            assertThat(m.reading().details().get("agentProblems").toString()).contains("gpu-agent-b (127.0.0.3)");
        });

        agentA.close();
        assertThat(refresh(source, SPEC)).isInstanceOfSatisfying(SignalOutcome.Failed.class, f -> assertThat(f.reason())
                .contains("no running pod of Deployment/model (spec.replicas 2) has GPU figures")
                .contains("gpu-agent gpu-agent-a (127.0.0.2)")
                .contains("gpu-agent gpu-agent-b (127.0.0.3)"));
    }

    @Test
    void idleGpusStayActiveForTheIdleWindowThenGoInactiveAndWakeAtOnce() {
        agentA.serve(report("node-a", Instant.now(), 0, pod(NS, "model-0", 0.05)));
        agentB.serve(report("node-b", Instant.now(), 0, pod(NS, "model-1", 0.0)));

        SignalReading first = measured(SPEC);
        assertThat(first.value()).isCloseTo(2.5, offset(1e-9));
        assertThat(first.active()).as("the window starts at the first idle reading").isTrue();
        assertThat(first.details()).containsKey("idleSince");

        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> refresh(source, SPEC) instanceof SignalOutcome.Measured m && !m.reading().active());
        Instant inactiveAt = Instant.now();
        assertThat(Duration.between(Instant.parse((String) first.details().get("idleSince")), inactiveAt))
                .isGreaterThanOrEqualTo(SPEC.idleAfter());

        agentB.serve(report("node-b", Instant.now(), 0, pod(NS, "model-1", 0.2)));
        assertThat(refresh(source, SPEC)).isInstanceOfSatisfying(SignalOutcome.Measured.class,
                m -> assertThat(m.reading().active()).as("12.5 %% > 5 %%: active again at once").isTrue());
    }

    @Test
    void atZeroReplicasTheSignalIsAbsentNamingTheTarget() {
        measured(SPEC);
        seed.apps().deployments().inNamespace(NS).withName("model").edit(d -> {
            d.getSpec().setReplicas(0);
            return d;
        });

        await().atMost(30, TimeUnit.SECONDS).until(() -> refresh(source, SPEC) instanceof SignalOutcome.Absent);
        assertThat(refresh(source, SPEC)).isInstanceOfSatisfying(SignalOutcome.Absent.class,
                a -> assertThat(a.reason()).contains("Deployment/model").contains("scaled to zero"));
    }

    @Test
    void agentsThatRequireATokenGetTheConfiguredOne(@TempDir Path dir) throws IOException {
        measured(SPEC);
        agentA.requireToken("s3cret");
        agentB.requireToken("s3cret");
        Path file = dir.resolve("token");
        Files.writeString(file, "s3cret\n");
        assertThat(refresh(source, SPEC)).isInstanceOfSatisfying(SignalOutcome.Failed.class, f -> assertThat(f.reason())
                .contains("HTTP 401").contains("fusion.gpu.agents.token-file").doesNotContain("s3cret"));

        GpuUtilizationSource withToken = source(TestGpuConfig.of(AGENTS_NS, agentA.port()).withTokenFile(file));
        try {
            assertThat(refresh(withToken, SPEC)).isInstanceOf(SignalOutcome.Measured.class);
        } finally {
            withToken.close();
        }
    }

    @Test
    void anAnswerOverTheSizeLimitIsThatAgentsFailure() {
        measured(SPEC);
        GpuUtilizationSource small = source(TestGpuConfig.of(AGENTS_NS, agentA.port()).withMaxResponseSize(64));
        try {
            assertThat(refresh(small, SPEC)).isInstanceOfSatisfying(SignalOutcome.Failed.class,
                    f -> assertThat(f.reason()).contains("larger than 64 bytes (fusion.gpu.max-response-size)"));
        } finally {
            small.close();
        }
    }

    @Test
    void noAgentFoundFailsNamingTheSelector() {
        measured(SPEC);
        GpuUtilizationSource elsewhere = source(TestGpuConfig.of("nowhere", agentA.port()));
        try {
            assertThat(refresh(elsewhere, SPEC)).isInstanceOfSatisfying(SignalOutcome.Failed.class, f -> assertThat(f.reason())
                    .contains("no running gpu-agent pod in namespace nowhere matches app.kubernetes.io/component=gpu-agent"));
        } finally {
            elsewhere.close();
        }
    }
}
