package io.fusionscaler.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.signal.cpu.CpuTriggerParser;
import io.fusionscaler.signal.gpu.GpuTriggerParser;
import io.fusionscaler.signal.kafka.KafkaConfig;
import io.fusionscaler.signal.kafka.KafkaTriggerParser;
import io.fusionscaler.signal.memory.MemoryTriggerParser;
import io.fusionscaler.signal.queue.QueueTriggerParser;
import io.fusionscaler.trigger.ParsedTrigger;
import io.fusionscaler.trigger.TriggerParser;
import io.smallrye.config.SmallRyeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example ScaledObjects in deploy/examples/ are Kubernetes objects that point at the scaler as deploy/ installs
 * it, and their trigger metadata is accepted by the scaler's own parsers, configured as the chart configures them
 * with deploy/examples/fusion-scaler-values.yaml. An example can therefore never drift from what the scaler accepts.
 */
class ExampleScaledObjectsTest {

    static final Path EXAMPLES = Path.of("deploy", "examples");
    static final Path SCALER_VALUES = EXAMPLES.resolve("fusion-scaler-values.yaml");

    /** The scaler's signal parsers, built from the configuration the chart renders: one line per signal. */
    static List<SignalParser> parsers(SmallRyeConfig config) {
        return List.of(
                new KafkaTriggerParser(config.getConfigMapping(KafkaConfig.class)),
                new CpuTriggerParser(), new MemoryTriggerParser(), new QueueTriggerParser(), new GpuTriggerParser());
    }

    static Stream<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml") && !f.equals(SCALER_VALUES)).sorted().collect(Collectors.toList()).stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void everyTriggerPointsAtTheInstalledScalerAndParses(Path file) {
        assertTriggersParse(file.toString(), Generated.read(file), Chart.render(SCALER_VALUES));
    }

    /** The README's Install section: its helm install line (values accepted) and the ScaledObject after it. */
    @Test
    void theReadmesInstallLineAndScaledObjectWorkTogether() {
        String install = Generated.read(Path.of("README.md")).split("\n## Install\n", 2)[1].split("\n## ", 2)[0];
        Matcher helm = Pattern.compile("(?m)^helm install .*$").matcher(install);
        assertThat(helm.find()).as("a helm install line").isTrue();
        Map<String, Object> sets = new HashMap<>();
        Pattern.compile("--set ([^= ]+)=(\\S+)").matcher(helm.group()).results().forEach(m -> sets.put(m.group(1), m.group(2)));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(install);
        assertThat(yaml.find()).as("a ScaledObject after it").isTrue();

        assertTriggersParse("README.md", yaml.group(1), Chart.render(sets));
    }

    private static void assertTriggersParse(String source, String yaml, Manifests install) {
        List<GenericKubernetesResource> scaledObjects = Manifests.parse(yaml).custom("ScaledObject");
        TriggerParser parser = new TriggerParser(parsers(ChartConfigTest.scalerConfig(install)));

        assertThat(scaledObjects).as(source).isNotEmpty();
        for (GenericKubernetesResource scaledObject : scaledObjects) {
            assertThat(scaledObject.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
            List<Map<String, Object>> triggers = scaledObject.get("spec", "triggers");
            assertThat(triggers).isNotEmpty();
            for (Map<String, Object> trigger : triggers) {
                assertThat(trigger.get("type")).isIn("external", "external-push");
                Map<String, String> metadata = stringMetadata(trigger);
                assertThat(metadata.get("scalerAddress")).isEqualTo(installedScalerAddress());

                ParsedTrigger parsed = parser.parse("default", scaledObject.getMetadata().getName(), metadata);
                assertThat(parsed).as("%s %s: %s", source, scaledObject.getMetadata().getName(), parsed).isInstanceOf(ParsedTrigger.Valid.class);
            }
        }
    }

    @Test
    void theParsersRejectWhatTheScalerRejects() {
        TriggerParser parser = new TriggerParser(parsers(ChartConfigTest.scalerConfig(Chart.render(SCALER_VALUES))));

        assertThat(parser.parse("default", "example", Map.of("kafkaCluster", "nowhere", "consumerGroup", "g"))).isInstanceOf(ParsedTrigger.Invalid.class);
        assertThat(parser.parse("default", "example", Map.of("kafkaCluster", "main", "consumerGroup", "g", "lagTreshold", "5"))).isInstanceOf(ParsedTrigger.Invalid.class);
    }

    /** KEDA's trigger metadata is a map of strings: an unquoted number in YAML would be refused by the API server. */
    private static Map<String, String> stringMetadata(Map<String, Object> trigger) {
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) trigger.get("metadata");
        Map<String, String> metadata = new HashMap<>();
        raw.forEach((key, value) -> {
            assertThat(value).as("metadata %s must be a string (quote it)", key).isInstanceOf(String.class);
            metadata.put(key, (String) value);
        });
        return metadata;
    }

    /** host:port of the headless gRPC Service that deploy/fusion-scaler.yaml creates. */
    private static String installedScalerAddress() {
        Service service = Manifests.parse(Generated.read(DeployManifestsTest.MANIFESTS)).get(Service.class, Chart.RELEASE);
        return service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ":" + service.getSpec().getPorts().get(0).getPort();
    }
}
