package io.fusionscaler.deploy;

import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/ is generated from the chart: the plain manifests are its default render, the dashboard its copy. */
class DeployManifestsTest {

    static final Path MANIFESTS = Path.of("deploy", "fusion-scaler.yaml");
    static final Path DASHBOARD = Path.of("deploy", "grafana", "fusion-scaler.json");
    static final Path CHART_DASHBOARD = Chart.DIR.resolve("dashboards/fusion-scaler.json");

    static final String HEADER = """
            # fusion-scaler for clusters without Helm: charts/fusion-scaler rendered with its default values, release
            # "fusion-scaler" in namespace "keda" (KEDA's). Apply with: kubectl apply -n keda -f deploy/fusion-scaler.yaml
            # Generated, do not edit: change the chart, then
            #   ./mvnw test -Dtest=DeployManifestsTest -Dfusion.regenerate=true
            """;

    @Test
    void plainManifestsAreTheChartRenderedWithDefaults() {
        Generated.check(MANIFESTS, HEADER + Chart.template(List.of(), Map.of()), Chart.DIR.toString());
    }

    @Test
    void plainManifestsAreKubernetesObjectsWithTheHeadlessScalerService() {
        Manifests manifests = Manifests.parse(Generated.read(MANIFESTS));

        assertThat(manifests.get(Service.class, Chart.RELEASE).getSpec().getClusterIP()).isEqualTo("None");
        assertThat(manifests.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isIn(Chart.NAMESPACE, null));
    }

    @Test
    void theDashboardFileIsTheChartsDashboard() {
        Generated.check(DASHBOARD, Generated.read(CHART_DASHBOARD), CHART_DASHBOARD.toString());
    }
}
