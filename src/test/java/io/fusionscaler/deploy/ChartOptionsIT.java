package io.fusionscaler.deploy;

import io.fusionscaler.testing.ScalerProcess;
import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options the chart gives each container by default are ones the packaged build they go with accepts: the native
 * flavor's arguments (such as {@code -XX:MaxHeapFree}, an option of native executables that HotSpot refuses) with the
 * native runner under {@code -Dnative}, else the JVM flavor's {@code JAVA_OPTS_APPEND} with the fast-jar. An option
 * either refuses would stop the pod at start.
 */
class ChartOptionsIT {

    @Test
    void theScalerStartsAndIsReadyWithTheChartsDefaultOptions() throws Exception {
        Container scaler = ChartRenderTest.container(render().scaler().getSpec().getTemplate().getSpec());

        try (ScalerProcess process = ScalerProcess.start(ChartRenderTest.javaOptions(scaler).toArray(String[]::new))) {
            assertThat(process.httpGet("/q/health/ready")).containsPattern("\"status\"\\s*:\\s*\"UP\"");
        }
    }

    @Test
    void theGpuAgentStartsAndIsReadyWithTheChartsDefaultOptions() throws Exception {
        Container agent = ChartRenderTest.container(render().agent().orElseThrow().getSpec().getTemplate().getSpec());
        List<String> options = new ArrayList<>(ChartRenderTest.javaOptions(agent));
        options.add("-Dfusion.role=" + ChartRenderTest.env(agent).get("FUSION_ROLE"));
        options.add("-Dfusion.gpu-agent.pod-resources.socket=" + Files.createTempDirectory("no-kubelet").resolve("kubelet.sock"));

        try (ScalerProcess process = ScalerProcess.start(options.toArray(String[]::new))) {
            assertThat(process.httpGet("/q/health/ready")).containsPattern("\"status\"\\s*:\\s*\"UP\"")
                    .containsPattern("\"active\"\\s*:\\s*true");
        }
    }

    /** The chart's flavor of the artifact {@link ScalerProcess} runs. */
    private static Manifests render() {
        return ScalerProcess.nativeRunner() != null ? Chart.render() : Chart.render(Map.of("image.flavor", "jvm"));
    }
}
