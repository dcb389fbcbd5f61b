package io.fusionscaler.signal.gpu;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.testing.KubeObjects;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The scaler with two gpu-agents on 127.0.0.2 and 127.0.0.3 (one port, as in a cluster), found in namespace
 * {@value #AGENTS_NAMESPACE}; the real queue-pod discovery (the scripted alternative of the other @QuarkusTest classes
 * left out), so that callers' pods in the mock API server are scraped at their IPs; GPU and target refreshes fast
 * enough for a test.
 */
public class GpuModuleProfile implements QuarkusTestProfile {

    static final String AGENTS_NAMESPACE = "gpu-system";

    /** The agents, started once per JVM (the profile's configuration needs their port before the scaler starts). */
    static final class Agents {
        static final FakeAgent[] PAIR = start();

        private static FakeAgent[] start() {
            try {
                return FakeAgent.pair("127.0.0.2", "127.0.0.3");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The two agents' running pods, named with {@code suffix} so that each test adds its own. */
    static void createAgentPods(KubernetesClient seed, String suffix) {
        Instant started = Instant.now().minus(Duration.ofHours(1));
        for (String[] agent : new String[][] {{"gpu-agent-a", "127.0.0.2"}, {"gpu-agent-b", "127.0.0.3"}}) {
            seed.resource(new PodBuilder(KubeObjects.pod(AGENTS_NAMESPACE, agent[0] + "-" + suffix,
                    Map.of("app.kubernetes.io/component", "gpu-agent"), "20m", "96Mi", started))
                    .editStatus().withPodIP(agent[1]).endStatus().build()).create();
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.arc.exclude-types", "io.fusionscaler.signal.queue.ScriptedQueuePods",
                "fusion.gpu.refresh-interval", "300ms",
                "fusion.gpu.agents.namespace", AGENTS_NAMESPACE,
                "fusion.gpu.agents.port", String.valueOf(Agents.PAIR[0].port()),
                "fusion.target.scale-refresh-interval", "500ms");
    }
}
