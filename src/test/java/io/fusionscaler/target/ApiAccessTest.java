package io.fusionscaler.target;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.hpa.PodMetricsReader;
import io.fusionscaler.testing.KubeObjects;
import io.fusionscaler.testing.MockKubernetes;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every request the Kubernetes-aware code makes is allowed by the declared read-only rules, and every rule is needed. */
class ApiAccessTest {

    private static final Pattern RESOURCE_PATH = Pattern.compile(
            "/(?:api|apis/(?<group>[^/]+))/[^/]+(?:/namespaces/[^/]+)?/(?<resource>[^/?]+)(?:/(?<name>[^/?]+)(?:/(?<sub>[^/?]+))?)?");
    private static final Pattern DISCOVERY_PATH = Pattern.compile("/apis?(/[^/]+){0,2}");

    /** A request as RBAC sees it: verb, API group, resource (with subresource). Discovery is null. */
    record Access(String verb, String group, String resource) {
    }

    static Access access(String request) {
        String method = request.substring(0, request.indexOf(' '));
        URI uri = URI.create(request.substring(request.indexOf(' ') + 1));
        if (DISCOVERY_PATH.matcher(uri.getPath()).matches()) {
            return null;
        }
        Matcher m = RESOURCE_PATH.matcher(uri.getPath());
        assertThat(m.matches()).as("a resource path: " + request).isTrue();
        assertThat(method).as("read-only: " + request).isEqualTo("GET");
        String group = m.group("group") == null ? "" : m.group("group");
        String resource = m.group("resource") + (m.group("sub") == null ? "" : "/" + m.group("sub"));
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String verb = m.group("name") != null ? "get" : query.contains("watch=true") ? "watch" : "list";
        return new Access(verb, group, resource);
    }

    static boolean allowed(Access access, RbacRule rule) {
        boolean group = rule.apiGroups().contains("*") || rule.apiGroups().contains(access.group());
        boolean resource = rule.resources().contains(access.resource())
                || access.resource().endsWith("/scale") && rule.resources().contains("*/scale");
        return group && resource && rule.verbs().contains(access.verb());
    }

    @Test
    void everyRequestIsAllowedByADeclaredRuleAndEveryRuleIsUsed() throws InterruptedException {
        try (MockKubernetes kube = new MockKubernetes()) {
            KubernetesClient seed = kube.client();
            KubeObjects.createScaledObject(seed, "shop", "api-so", null, null, "api");
            seed.resource(KubeObjects.deployment("shop", "api", 1, Map.of("app", "api"))).create();
            KubeObjects.createScaledObject(seed, "shop", "db-so", "apps/v1", "StatefulSet", "db");
            seed.resource(KubeObjects.statefulSet("shop", "db", 1, Map.of("app", "db"))).create();
            KubeObjects.createScaledObject(seed, "shop", "rs-so", "apps/v1", "ReplicaSet", "rs");
            seed.resource(KubeObjects.rolloutDefinition()).create();
            KubeObjects.createScaledObject(seed, "shop", "ro-so", KubeObjects.ROLLOUT_API_VERSION, "Rollout", "ro");
            KubeObjects.createRollout(seed, "shop", "ro", 1, "app=ro");
            seed.resource(KubeObjects.podMetrics("shop", "api-0", Map.of("app", "api"), "1", "1Mi", Instant.now())).create();
            kube.takeRequests();

            KubernetesClient client = kube.newClient();
            InformerTargetDiscovery discovery = new InformerTargetDiscovery(client, TestTargetConfig.defaults(), Clock.systemUTC());
            discovery.start();
            for (String scaledObject : List.of("api-so", "db-so", "ro-so", "rs-so")) {
                await().atMost(30, TimeUnit.SECONDS).until(() -> !discovery.target("shop", scaledObject,
                        RefreshDeadline.after(Duration.ofSeconds(10))).toString().contains("has not synced"));
            }
            discovery.pods("shop", PodSelector.everything(), RefreshDeadline.after(Duration.ofSeconds(10)));
            new PodMetricsReader(client, Clock.systemUTC()).read("shop", Duration.ZERO);
            discovery.stop();
            client.close();

            Set<RbacRule> used = new HashSet<>();
            for (String request : kube.takeRequests()) {
                Access access = access(request);
                if (access == null) {
                    continue;
                }
                List<RbacRule> allowing = ApiAccess.RULES.stream().filter(rule -> allowed(access, rule)).toList();
                assertThat(allowing).as("a declared rule allows " + request).isNotEmpty();
                used.addAll(allowing);
            }
            assertThat(used).containsExactlyInAnyOrderElementsOf(ApiAccess.RULES);
        }
    }
}
