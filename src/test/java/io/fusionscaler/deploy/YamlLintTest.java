package io.fusionscaler.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * yamllint (strict: warnings fail) with src/build/yamllint.yaml over deploy/, the chart's own YAML files
 * (templates are Go templates, not YAML: their renders are linted instead) and every render of the chart.
 */
class YamlLintTest {

    @TempDir
    Path dir;

    @Test
    void deployAndTheChartsYamlFilesPass() {
        assertLints(List.of("deploy", Chart.DIR.resolve("Chart.yaml").toString(), Chart.DIR.resolve("values.yaml").toString(),
                Chart.CI_VALUES.toString()));
    }

    static Stream<String> variants() {
        return Variants.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyRenderPasses(String variant) throws IOException {
        List<Path> values = Variants.DEFAULTS.equals(variant) ? List.of() : List.of(Chart.ciValues(variant));
        Path render = Files.writeString(dir.resolve(variant + ".yaml"), Chart.template(values, Map.of()));

        assertLints(List.of(render.toString()));
    }

    private static void assertLints(List<String> paths) {
        Path yamllint = DebianTools.require("yamllint", "yamllint");
        List<String> command = new java.util.ArrayList<>(List.of(yamllint.toString(), "--strict", "-c", "src/build/yamllint.yaml",
                "-f", "parsable"));
        command.addAll(paths);

        DebianTools.Result result = DebianTools.exec(command, null);

        assertThat(result.exitCode()).as("yamllint %s:%n%s", paths, result.output()).isZero();
    }
}
