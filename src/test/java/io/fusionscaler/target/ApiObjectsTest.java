package io.fusionscaler.target;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiObjectsTest {

    @Test
    void aPodCountsItsContainersAndItsRestartableInitContainersButNotPlainInitContainers() {
        // as Kubernetes' TestCalculateRequests/pod with restartable init containers
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withDeletionTimestamp("2026-11-30T10:00:00Z")
                .endMetadata().withNewSpec()
                .withContainers(new ContainerBuilder().withName("container1").withNewResources().withRequests(Map.of("cpu", new Quantity("100m")))
                        .endResources().build())
                .withInitContainers(
                        new ContainerBuilder().withName("init-container1").withNewResources()
                                .withRequests(Map.of("cpu", new Quantity("20m"))).endResources().build(),
                        new ContainerBuilder().withName("restartable-container1").withRestartPolicy("Always").withNewResources()
                                .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("1Gi"))).endResources().build())
                .endSpec()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("Ready").withStatus("False")
                .withLastTransitionTime("2026-11-30T09:59:00Z").endCondition().endStatus().build();

        TargetPod converted = ApiObjects.pod(pod);

        assertThat(converted.containers()).extracting(TargetPod.Container::name).containsExactly("container1", "restartable-container1");
        assertThat(converted.containers().get(1).requestsMilli()).containsEntry("cpu", 50L).containsEntry("memory", 1024L * 1024 * 1024 * 1000);
        assertThat(converted.phase()).isEqualTo(PodPhase.PENDING);
        assertThat(converted.deleting()).isTrue();
        assertThat(converted.readiness()).contains(new Readiness(Readiness.Status.FALSE, Instant.parse("2026-11-30T09:59:00Z")));
        assertThat(converted.startTime()).isEmpty();
        assertThat(converted.podIp()).isEmpty();
        assertThat(converted.serving()).isFalse();
    }

    @Test
    void aWorkloadSelectorBecomesAPodSelectorAndUnknownOperatorsAreProblems() {
        var selector = new LabelSelectorBuilder().withMatchLabels(Map.of("app", "api"))
                .withMatchExpressions(new LabelSelectorRequirementBuilder().withKey("tier").withOperator("NotIn").withValues("batch").build())
                .build();
        assertThat(ApiObjects.selector(selector, "Deployment ns/api").value()).hasToString("app=api,tier!=batch");

        selector.getMatchExpressions().get(0).setOperator("Near");
        assertThat(ApiObjects.selector(selector, "Deployment ns/api").problem())
                .isEqualTo("Deployment ns/api has an unreadable spec.selector expression (operator 'Near')");
        assertThat(ApiObjects.selector(null, "Deployment ns/api").problem()).isEqualTo("Deployment ns/api has no spec.selector");
    }
}
