package io.fusionscaler.gpuagent;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The gpu-agent role of the packaged build (the fast-jar, or the native runner with {@code -Dnative}): JNA and its
 * native-image configuration load the fake libnvidia-ml.so.1 in that process, which plays the scenarios the tests
 * write to its control file; the fake kubelet runs in the test JVM on a unix socket.
 */
@QuarkusIntegrationTest
class GpuAgentIT extends GpuAgentEndToEndWiringTest {
}
