package io.fusionscaler.deploy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** With networkPolicy.enabled only the traffic the scaler and the agents need is allowed. */
class ChartNetworkPolicyTest {

    @Test
    void kedaReachesGrpcPrometheusReachesMetricsAndNothingElseComesIn() {
        NetworkPolicy policy = Variants.render("everything-on").get(NetworkPolicy.class, Chart.RELEASE);

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).hasSize(2);
        var keda = policy.getSpec().getIngress().get(0);
        assertThat(keda.getFrom().get(0).getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "keda");
        assertThat(keda.getFrom().get(0).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "keda-operator");
        assertThat(ports(keda.getPorts())).containsExactly("grpc");
        assertThat(ports(policy.getSpec().getIngress().get(1).getPorts())).containsExactly("http");
    }

    @Test
    void theScalerReachesDnsTheApiServerKafkaScrapeTargetsAndTheAgents() {
        List<NetworkPolicyEgressRule> egress = Variants.render("everything-on").get(NetworkPolicy.class, Chart.RELEASE).getSpec().getEgress();

        assertThat(egress).extracting(rule -> ports(rule.getPorts()))
                .containsExactly(List.of("53", "53"), List.of("443", "6443"), List.of("9092", "9093"), List.of("8080"), List.of("8080"));
        assertThat(egress.get(1).getTo()).singleElement().satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.0.0.1/32"));
        assertThat(egress.get(2).getTo()).singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "kafka"));
        assertThat(egress.get(4).getTo()).singleElement()
                .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "gpu-agent"));
    }

    @Test
    void agentsAcceptOnlyTheScalerAndPrometheusAndSendNothing() {
        NetworkPolicy policy = Variants.render("everything-on").get(NetworkPolicy.class, Chart.RELEASE + "-gpu-agent");

        assertThat(policy.getSpec().getIngress().get(0).getFrom()).singleElement()
                .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "scaler"));
        assertThat(policy.getSpec().getPolicyTypes()).contains("Egress");
        assertThat(policy.getSpec().getEgress()).isEmpty();
    }

    @Test
    void withoutAgentsTheScalerGetsNoEgressToThemAndOffByDefault() {
        List<NetworkPolicyEgressRule> egress = Variants.render("agent-off").get(NetworkPolicy.class, Chart.RELEASE).getSpec().getEgress();

        assertThat(egress).hasSize(4);
        assertThat(Variants.render(Variants.DEFAULTS).all(NetworkPolicy.class)).isEmpty();
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getPort().getIntVal() != null ? String.valueOf(p.getPort().getIntVal()) : p.getPort().getStrVal())
                .collect(Collectors.toList());
    }
}
