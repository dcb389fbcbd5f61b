package io.fusionscaler.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fusionscaler.trigger.ParsedTrigger;
import io.fusionscaler.trigger.TriggerParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NOTES.txt, rendered for every values variant (helm template leaves NOTES out, so a copy of the chart renders it
 * into a ConfigMap with tpl), tells the user a ScaledObject that points at this release and that the scaler accepts.
 */
class ChartNotesTest {

    @TempDir
    static Path copy;

    static Stream<String> variants() {
        return Variants.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theNotesShowAScaledObjectForThisReleaseThatTheScalerAccepts(String variant) throws IOException {
        String notes = renderNotes(variant);
        String scaledObject = notes.lines().dropWhile(l -> !l.equals("  apiVersion: keda.sh/v1alpha1")).takeWhile(l -> !l.isBlank())
                .map(l -> l.substring(2)).collect(Collectors.joining("\n"));
        Map<String, Object> trigger = Manifests.parse(scaledObject).custom("ScaledObject").get(0).<List<Map<String, Object>>>get("spec", "triggers").get(0);
        @SuppressWarnings("unchecked")
        Map<String, String> metadata = (Map<String, String>) trigger.get("metadata");

        assertThat(trigger.get("type")).isEqualTo("external-push");
        assertThat(metadata.get("scalerAddress")).isEqualTo(Chart.RELEASE + "." + Chart.NAMESPACE + ":9090");
        assertThat(metadata.containsKey("enableTLS")).isEqualTo(variant.startsWith("tls") || variant.equals("everything-on"));
        TriggerParser parser = new TriggerParser(ExampleScaledObjectsTest.parsers(ChartConfigTest.scalerConfig(Variants.render(variant))));
        assertThat(parser.parse("default", "example", metadata)).isInstanceOf(ParsedTrigger.Valid.class);
    }

    private static String renderNotes(String variant) throws IOException {
        Path chart = copy.resolve("fusion-scaler");
        if (!Files.exists(chart)) {
            copyTree(Chart.DIR, chart);
            Files.copy(Chart.DIR.resolve("templates/NOTES.txt"), chart.resolve("notes-source.txt"));
            Files.writeString(chart.resolve("templates/rendered-notes.yaml"), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: rendered-notes
                    data:
                      NOTES.txt: {{ tpl (.Files.Get "notes-source.txt") . | toJson }}
                    """);
        }
        List<Path> values = Variants.DEFAULTS.equals(variant) ? List.of() : List.of(Chart.ciValues(variant).toAbsolutePath());
        var command = new com.marcnuri.helm.Helm(chart).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withKubeVersion(Chart.KUBE_VERSION);
        for (Path file : values) {
            command = command.withValuesFile(file);
        }
        return Manifests.parse(command.call()).get(ConfigMap.class, "rendered-notes").getData().get("NOTES.txt");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
