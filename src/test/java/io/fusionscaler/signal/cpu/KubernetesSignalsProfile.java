package io.fusionscaler.signal.cpu;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Kubernetes-aware signals refreshed every half second, so that watch events show in answers within a test. */
public class KubernetesSignalsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("fusion.cpu.refresh-interval", "500ms", "fusion.memory.refresh-interval", "500ms",
                "fusion.target.scale-refresh-interval", "500ms");
    }
}
