package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.podresources.FakeKubelet;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fake kubelet PodResources server on a unix socket for the agent under test (in this JVM or packaged), injected
 * into the test's {@link FakeKubelet} field. The socket lives in a short /tmp path: unix socket paths are limited to
 * 107 bytes.
 */
public class FakeKubeletResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;
    private FakeKubelet kubelet;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("fusion-kubelet");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kubelet = FakeKubelet.start(dir.resolve("kubelet.sock"));
        return Map.of("fusion.gpu-agent.pod-resources.socket", kubelet.socket().toString());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(kubelet, new TestInjector.MatchesType(FakeKubelet.class));
    }

    @Override
    public void stop() {
        kubelet.close();
        try {
            Files.deleteIfExists(kubelet.socket());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
