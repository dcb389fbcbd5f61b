package io.fusionscaler.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart README documents every value, with the description and default values.yaml gives it. */
class ChartReadmeTest {

    static final Path README = Chart.DIR.resolve("README.md");
    static final Path VALUES = Chart.DIR.resolve("values.yaml");
    static final String START = "<!-- values table: generated from values.yaml by ChartReadmeTest -->\n";
    static final String END = "<!-- end of values table -->";

    @Test
    void theValuesTableIsGeneratedFromValuesYaml() {
        String readme = Generated.read(README);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has the values table markers").isNotNegative();
        assertThat(end).isGreaterThan(start);

        String expected = readme.substring(0, start + START.length()) + ValuesDoc.table(Generated.read(VALUES)) + readme.substring(end);

        Generated.check(README, expected, VALUES.toString());
    }

    @Test
    void everyValueTheSchemaAllowsIsDocumentedAndEveryDocumentedValueIsInTheSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Chart.DIR.resolve("values.schema.json").toFile());
        List<String> documented = ValuesDoc.entries(Generated.read(VALUES)).stream().map(ValuesDoc.Entry::key).toList();
        List<String> leaves = new ArrayList<>();
        schemaLeaves(schema, "", leaves);
        leaves.remove("global");

        assertThat(leaves).allSatisfy(leaf -> assertThat(documented).as("documented value covering %s", leaf)
                .anyMatch(key -> leaf.equals(key) || leaf.startsWith(key + ".")));
        assertThat(documented).allSatisfy(key -> assertThat(leaves).as("schema property for %s", key)
                .anyMatch(leaf -> leaf.equals(key) || leaf.startsWith(key + ".")));
    }

    private static void schemaLeaves(JsonNode node, String path, List<String> leaves) {
        JsonNode properties = node.path("properties");
        if (properties.isMissingNode() || properties.isEmpty()) {
            leaves.add(path);
            return;
        }
        properties.properties().forEach(f -> schemaLeaves(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), leaves));
    }
}
