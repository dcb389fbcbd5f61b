package io.fusionscaler.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fusionscaler.target.ApiAccess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart grants exactly the permissions the scaler's code declares in
 * {@code src/main/resources/META-INF/fusion-scaler/rbac.json}: no more, no less, read-only.
 */
class ChartRbacTest {

    static final Path DECLARED = Path.of("src/main/resources/META-INF/fusion-scaler/rbac.json");
    static final Path CHART_COPY = Chart.DIR.resolve("files/rbac.json");
    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

    /** A rule as the chart must render it: what the API server compares. */
    record Rule(List<String> apiGroups, List<String> resources, List<String> verbs) {
        static Rule of(PolicyRule rule) {
            return new Rule(rule.getApiGroups(), rule.getResources(), rule.getVerbs());
        }
    }

    @Test
    void theChartReadsTheListTheCodeDeclares() {
        Generated.check(CHART_COPY, Generated.read(DECLARED), DECLARED.toString());
    }

    /**
     * The list the chart reads is the code's own ({@link ApiAccess#RULES}, which ApiAccessTest holds to the requests the
     * code makes), except the wildcard {@code /scale} rule: the chart grants it per kind, through {@code extraScaleTargets}.
     */
    @Test
    void theDeclaredWatchedRulesAreTheCodesApiAccessRules() {
        List<Rule> code = ApiAccess.RULES.stream().filter(rule -> !rule.apiGroups().contains("*"))
                .map(rule -> new Rule(rule.apiGroups(), rule.resources(), rule.verbs())).toList();

        assertThat(declared("scaler", "watched")).containsExactlyElementsOf(code);
    }

    @Test
    void clusterWideTheScalerGetsExactlyItsDeclaredRulesAndTheAgentNone() {
        Manifests render = Variants.render(Variants.DEFAULTS);

        assertThat(render.all(ClusterRole.class)).singleElement().satisfies(role -> {
            assertThat(role.getMetadata().getName()).isEqualTo(Chart.RELEASE);
            assertThat(role.getRules()).map(Rule::of).containsExactlyElementsOf(declared("scaler", "watched"));
        });
        assertThat(render.all(ClusterRoleBinding.class)).singleElement().satisfies(binding -> {
            assertThat(binding.getRoleRef().getName()).isEqualTo(Chart.RELEASE);
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName() + "@" + s.getNamespace())
                    .isEqualTo(Chart.RELEASE + "@" + Chart.NAMESPACE));
        });
        assertThat(render.all(Role.class)).singleElement().satisfies(role -> {
            assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
            assertThat(role.getRules()).map(Rule::of).containsExactlyElementsOf(declared("scaler", "own"));
        });
        assertThat(render.all(RoleBinding.class)).singleElement()
                .satisfies(b -> assertThat(b.getSubjects().get(0).getName()).isEqualTo(Chart.RELEASE));
        assertThat(declared("gpu-agent", "watched")).isEmpty();
        assertThat(declared("gpu-agent", "own")).isEmpty();
        assertThat(render.names()).noneMatch(n -> n.matches("(Cluster)?Role(Binding)?/.*gpu-agent.*"));
    }

    @Test
    void limitedToNamespacesTheScalerGetsRolesThereInsteadOfAClusterRole() {
        Manifests render = Variants.render("namespaced-rbac");

        assertThat(render.all(ClusterRole.class)).isEmpty();
        assertThat(render.all(ClusterRoleBinding.class)).isEmpty();
        for (String namespace : List.of("pipelines", "models")) {
            Role role = render.all(Role.class).stream().filter(r -> r.getMetadata().getNamespace().equals(namespace)).findFirst().orElseThrow();
            assertThat(role.getRules()).map(Rule::of).containsExactlyElementsOf(declared("scaler", "watched"));
            assertThat(render.all(RoleBinding.class)).anyMatch(b -> b.getMetadata().getNamespace().equals(namespace)
                    && b.getRoleRef().getName().equals(role.getMetadata().getName()));
        }
    }

    @Test
    void extraScaleTargetsAddReadingTheResourceAndItsScaleSubresource() {
        List<Rule> rules = Variants.render("everything-on").get(ClusterRole.class, Chart.RELEASE).getRules().stream().map(Rule::of).toList();

        List<Rule> expected = new ArrayList<>(declared("scaler", "watched"));
        expected.add(new Rule(List.of("argoproj.io"), List.of("rollouts"), List.of("get", "list", "watch")));
        expected.add(new Rule(List.of("argoproj.io"), List.of("rollouts/scale"), List.of("get")));
        assertThat(rules).containsExactlyElementsOf(expected);
    }

    @Test
    void everyDeclaredRuleIsReadOnlyAndSaysWhy() {
        for (String role : List.of("scaler", "gpu-agent")) {
            for (String scope : List.of("watched", "own")) {
                for (JsonNode rule : declaredJson().path("roles").path(role).path(scope)) {
                    assertThat(rule.path("why").asText()).as("%s/%s %s", role, scope, rule).isNotBlank();
                    List<String> verbs = new ArrayList<>();
                    rule.path("verbs").forEach(v -> verbs.add(v.asText()));
                    assertThat(READ_VERBS).as("%s/%s %s", role, scope, rule).containsAll(verbs);
                }
            }
        }
    }

    static List<Rule> declared(String role, String scope) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : declaredJson().path("roles").path(role).path(scope)) {
            rules.add(new Rule(strings(rule.path("apiGroups")), strings(rule.path("resources")), strings(rule.path("verbs"))));
        }
        return rules;
    }

    private static JsonNode declaredJson() {
        try {
            return new ObjectMapper().readTree(DECLARED.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        assertThat(values).as("a declared rule lists %s", array).isNotEmpty();
        return values;
    }
}
