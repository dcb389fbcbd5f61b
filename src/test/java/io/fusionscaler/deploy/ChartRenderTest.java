package io.fusionscaler.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What every render of the chart must hold, and what each values variant changes. */
class ChartRenderTest {

    static java.util.stream.Stream<String> variants() {
        return Variants.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyContainerRunsHardened(String variant) {
        Manifests render = Variants.render(variant);
        assertThat(render.podSpecs()).isNotEmpty();
        for (PodSpec pod : render.podSpecs()) {
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
                assertThat(security.getPrivileged()).as(container.getName()).isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
                assertThat(security.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(container.getName()).isNullOrEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theScalerRunsAsNonRootWithoutTheAgentsExceptions(String variant) {
        PodSpec pod = Variants.render(variant).scaler().getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container(pod).getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getVolumes()).noneMatch(v -> v.getHostPath() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyWorkloadWritesOnlyToATmpEmptyDirWhereJnaUnpacks(String variant) {
        Manifests render = Variants.render(variant);
        for (PodSpec pod : render.podSpecs()) {
            Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow();
            assertThat(tmp.getEmptyDir()).isNotNull();
            Container container = container(pod);
            assertThat(container.getVolumeMounts()).anyMatch(m -> m.getName().equals("tmp") && m.getMountPath().equals("/tmp"));
            assertThat(container.getVolumeMounts()).filteredOn(m -> !m.getName().equals("tmp")).allMatch(m -> Boolean.TRUE.equals(m.getReadOnly()));
            assertThat(javaOptions(container)).contains("-Djna.tmpdir=/tmp");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theScalerIsProbedOnGrpcHealthAndQuarkusHealth(String variant) {
        Manifests render = Variants.render(variant);
        Container scaler = container(render.scaler().getSpec().getTemplate().getSpec());
        boolean tls = env(scaler).containsKey("QUARKUS_GRPC_SERVER_SSL_CERTIFICATE");

        assertThat(scaler.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(scaler.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        Probe startup = scaler.getStartupProbe();
        if (tls) {
            // The kubelet's gRPC probe speaks plain text only.
            assertThat(startup.getGrpc()).isNull();
            assertThat(startup.getHttpGet().getPath()).isEqualTo("/q/health/started");
        } else {
            assertThat(startup.getGrpc().getPort()).isEqualTo(9090);
            assertThat(startup.getGrpc().getService()).isEmpty();
        }
        assertThat(scaler.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("grpc:9090", "http:8080");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void kedaReachesEveryReplicaThroughAHeadlessServiceAndPrometheusThroughTheMetricsService(String variant) {
        Manifests render = Variants.render(variant);
        Map<String, String> podLabels = render.scaler().getSpec().getTemplate().getMetadata().getLabels();

        Service grpc = render.get(Service.class, Chart.RELEASE);
        assertThat(grpc.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(grpc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(9090);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("grpc");
            assertThat(p.getAppProtocol()).isEqualTo("grpc");
        });
        assertThat(podLabels).containsAllEntriesOf(grpc.getSpec().getSelector());

        Service metrics = render.get(Service.class, Chart.RELEASE + "-metrics");
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        assertThat(podLabels).containsAllEntriesOf(metrics.getSpec().getSelector());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void replicasAreSpreadAndKeptUpThroughDisruptions(String variant) {
        Manifests render = Variants.render(variant);
        Deployment scaler = render.scaler();
        Map<String, String> podLabels = scaler.getSpec().getTemplate().getMetadata().getLabels();
        PodSpec pod = scaler.getSpec().getTemplate().getSpec();

        assertThat(scaler.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(scaler.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey())
                .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(pod.getTopologySpreadConstraints()).allSatisfy(c -> assertThat(podLabels).containsAllEntriesOf(c.getLabelSelector().getMatchLabels()));
        assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();

        PodDisruptionBudget pdb = render.get(PodDisruptionBudget.class, Chart.RELEASE);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void defaultsRunTheNativeImageSizedFromItsMeasuredRss() {
        Container scaler = container(Variants.render(Variants.DEFAULTS).scaler().getSpec().getTemplate().getSpec());

        assertThat(scaler.getImage()).isEqualTo("fusion-scaler:0.1.0-native");
        assertThat(scaler.getArgs()).containsExactly("-Xmx38m", "-Djna.tmpdir=/tmp", "-Dio.netty.allocator.numDirectArenas=1",
                "-Dio.netty.allocator.numHeapArenas=1", "-XX:MaxHeapFree=2m");
        assertThat(env(scaler)).doesNotContainKey("JAVA_OPTS_APPEND");
        assertThat(scaler.getResources().getRequests()).containsEntry("memory", new Quantity("128Mi"));
        assertThat(scaler.getResources().getLimits()).containsEntry("memory", new Quantity("256Mi"));
    }

    @Test
    void theJvmImageGetsTheMeasuredFootprintFlagsThroughRunJava() {
        Container scaler = container(Variants.render("jvm-image").scaler().getSpec().getTemplate().getSpec());

        assertThat(scaler.getImage()).isEqualTo("fusion-scaler:0.1.0-jvm");
        assertThat(scaler.getArgs()).isNullOrEmpty();
        assertThat(env(scaler).get("JAVA_OPTS_APPEND")).contains("-Xmx96m", "-Xms32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.host=0.0.0.0",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        // A native-image option: HotSpot would refuse to start with it.
        assertThat(env(scaler).get("JAVA_OPTS_APPEND")).doesNotContain("MaxHeapFree");
        assertThat(scaler.getResources().getLimits()).containsEntry("memory", new Quantity("384Mi"));
    }

    @Test
    void theGpuAgentSeesEveryGpuWithoutRequestingOneAndReadsTheKubeletSocketReadOnly() {
        DaemonSet agent = Variants.render(Variants.DEFAULTS).agent().orElseThrow();
        PodSpec pod = agent.getSpec().getTemplate().getSpec();
        Container container = container(pod);

        assertThat(env(container)).containsEntry("NVIDIA_VISIBLE_DEVICES", "all").containsEntry("FUSION_ROLE", "gpu-agent");
        assertThat(container.getArgs()).containsExactly("-Xmx64m", "-Djna.tmpdir=/tmp", "-Dio.netty.allocator.numDirectArenas=1",
                "-Dio.netty.allocator.numHeapArenas=1", "-XX:MaxHeapFree=2m");
        assertThat(container.getResources().getRequests()).doesNotContainKey("nvidia.com/gpu");
        assertThat(container.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        Volume socketDir = pod.getVolumes().stream().filter(v -> v.getHostPath() != null).collect(Collectors.toList()).get(0);
        assertThat(socketDir.getHostPath().getPath()).isEqualTo("/var/lib/kubelet/pod-resources");
        assertThat(container.getVolumeMounts()).anyMatch(m -> m.getName().equals(socketDir.getName())
                && m.getMountPath().equals("/var/lib/kubelet/pod-resources") && m.getReadOnly());
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getTolerations()).anyMatch(t -> t.getKey().equals("nvidia.com/gpu") && t.getOperator().equals("Exists"));
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getRuntimeClassName()).isNull();
        assertThat(Variants.render("everything-on").agent().orElseThrow().getSpec().getTemplate().getSpec().getRuntimeClassName()).isEqualTo("nvidia");
    }

    @Test
    void withTheAgentOffNothingOfItIsRendered() {
        Manifests render = Variants.render("agent-off");

        assertThat(render.agent()).isEmpty();
        assertThat(render.names()).noneMatch(n -> n.contains("gpu-agent"));
        assertThat(env(container(render.scaler().getSpec().getTemplate().getSpec()))).doesNotContainKeys("FUSION_GPU_AGENTS_NAMESPACE", "FUSION_GPU_AGENTS_SELECTOR");
    }

    @Test
    void onlyTheScalerMountsAnApiToken() {
        Manifests render = Variants.render(Variants.DEFAULTS);

        assertThat(render.get(ServiceAccount.class, Chart.RELEASE).getAutomountServiceAccountToken()).isTrue();
        assertThat(render.get(ServiceAccount.class, Chart.RELEASE + "-gpu-agent").getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void everythingOnLabelsAndAnnotatesEveryObjectAndSetsImageAndScheduling() {
        Manifests render = Variants.render("everything-on");
        PodSpec pod = render.scaler().getSpec().getTemplate().getSpec();

        for (HasMetadata object : render.objects()) {
            if (object.getKind().equals("PriorityClass")) {
                continue; // the extra object of the values file, as written there
            }
            assertThat(object.getMetadata().getLabels()).as(object.getKind()).containsEntry("team", "platform")
                    .containsEntry("app.kubernetes.io/part-of", "fusion-scaler");
            assertThat(object.getMetadata().getAnnotations()).as(object.getKind()).containsEntry("owner", "platform-team");
        }
        assertThat(container(pod).getImage()).isEqualTo("registry.example.com/platform/fusion-scaler:0.1.0-custom");
        assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("registry-credentials");
        assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
        assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
        assertThat(render.scaler().getSpec().getReplicas()).isEqualTo(3);
        assertThat(render.custom("ServiceMonitor")).hasSize(1);
        assertThat(render.custom("PodMonitor")).hasSize(2);
        assertThat(render.find(io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass.class, "fusion-scaler-gpu-workload")).isPresent();
    }

    @Test
    void theDashboardConfigMapCarriesTheSidecarLabelAndTheDashboard() {
        var configMap = Variants.render("everything-on").get(io.fabric8.kubernetes.api.model.ConfigMap.class, Chart.RELEASE + "-dashboard");

        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(configMap.getMetadata().getAnnotations()).containsEntry("grafana_folder", "KEDA");
        assertThat(configMap.getData().get("fusion-scaler.json")).isEqualTo(Generated.read(Chart.DIR.resolve("dashboards/fusion-scaler.json")).strip());
        assertThat(Variants.render(Variants.DEFAULTS).find(io.fabric8.kubernetes.api.model.ConfigMap.class, Chart.RELEASE + "-dashboard")).isEmpty();
    }

    static Container container(PodSpec pod) {
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName,
                e -> Optional.ofNullable(e.getValue()).orElse("<from " + (e.getValueFrom() == null ? "?" : "ref") + ">")));
    }

    /** The JVM or native-executable options of a container: args (native) or JAVA_OPTS_APPEND (jvm). */
    static List<String> javaOptions(Container container) {
        String append = env(container).get("JAVA_OPTS_APPEND");
        return append != null ? List.of(append.split(" ")) : Optional.ofNullable(container.getArgs()).orElse(List.of());
    }
}
