package io.fusionscaler.ops;

import io.fusionscaler.keda.KedaLikeClient;
import io.fusionscaler.keda.ScriptedSignal;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class OpsEndpointsTest {

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;

    @Inject
    ScriptedSignal signal;

    private KedaLikeClient keda;
    private String name;
    private ScaledObjectRef ref;

    @BeforeEach
    void track() {
        keda = new KedaLikeClient("127.0.0.1", grpcPort);
        name = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        ref = keda.ref("ops", name, Map.of("scriptedSignal", name));
        signal.measure(name, 6, true);
        keda.poll(ref);
    }

    @AfterEach
    void close() throws InterruptedException {
        keda.close();
    }

    @Test
    void livenessAndReadinessAreUpWhileTheRefreshLoopRuns() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("fusion-engine"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsExposePerTrackerDecisionAndSignalFiguresAndGrpcServerMetrics() {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String labels = "namespace=\"ops\",scaled_object=\"" + name + "\"";

        assertThat(scrape).containsPattern("fusion_tracker_desired_replicas\\{" + labels + ",trigger=\"[0-9a-f]{8}\"} 6\\.0");
        assertThat(scrape).containsPattern("fusion_tracker_active\\{" + labels + ",trigger=\"[0-9a-f]{8}\"} 1\\.0");
        assertThat(scrape).containsPattern("fusion_tracker_signal_value\\{" + labels + ",signal=\"scripted\",trigger=\"[0-9a-f]{8}\"} 6\\.0");
        assertThat(scrape).containsPattern("fusion_tracker_signal_staleness_seconds\\{" + labels + ",signal=\"scripted\",trigger=\"[0-9a-f]{8}\"} ");
        assertThat(scrape).containsPattern("fusion_tracker_signal_coverage_ratio\\{" + labels + ",signal=\"scripted\",trigger=\"[0-9a-f]{8}\"} 1\\.0");
        assertThat(scrape).containsPattern("fusion_tracker_signal_absent\\{" + labels + ",signal=\"scripted\",trigger=\"[0-9a-f]{8}\"} 0\\.0");
        assertThat(scrape).contains("fusion_trackers ").contains("fusion_lanes ").contains("fusion_decisions_total ");
        assertThat(scrape).containsPattern("fusion_source_refresh_duration_seconds_count\\{lane=\"default\",signal=\"scripted\"} [1-9]");
        assertThat(scrape).contains("fusion_source_refresh_errors_total{lane=\"default\",signal=\"scripted\"}");
        assertThat(scrape).contains("grpc_server_processing_duration_seconds_count{method=\"GetMetrics\"");
    }

    @Test
    void explainShowsInputsPerSignalResultsAndTheDecision() {
        given().get("/explain/ops/" + name).then().statusCode(200)
                .body("[0].status", equalTo("OK"))
                .body("[0].desiredReplicas", equalTo(6))
                .body("[0].active", equalTo(true))
                .body("[0].metricName", equalTo("fusion-ops-" + name))
                .body("[0].policy", equalTo("max"))
                .body("[0].signals[0].signal", equalTo("scripted"))
                .body("[0].signals[0].value", equalTo(6.0f))
                .body("[0].signals[0].status", equalTo("measured"))
                .body("[0].signals[0].coverage", equalTo("1 of 1 scripts"))
                .body("[0].signals[0].observedAt", notNullValue())
                .body("[0].decidedBy", hasItem("scripted"))
                .body("[0].signals[0].input", containsString(name));
        given().get("/explain").then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void explainShowsWhyATriggerIsUnavailable() {
        signal.fail(name, "cluster down");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/explain/ops/" + name).then().body("[0].status", equalTo("UNAVAILABLE"))
                        .body("[0].message", containsString("scripted signal unavailable"))
                        .body("[0].signals[0].lastError", equalTo("cluster down")));
    }

    @Test
    void anAbsentSignalIsExplainedAsAbsentAndItsFiguresAreNaNNeverZero() {
        signal.absent(name, "target ops/module has 0 replicas");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/explain/ops/" + name).then().body("[0].status", equalTo("OK"))
                        .body("[0].desiredReplicas", equalTo(0))
                        .body("[0].active", equalTo(false))
                        .body("[0].signals[0].status", equalTo("absent"))
                        .body("[0].signals[0].absentReason", equalTo("target ops/module has 0 replicas")));
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String labels = "namespace=\"ops\",scaled_object=\"" + name + "\",signal=\"scripted\",trigger=\"[0-9a-f]{8}\"";
        assertThat(scrape).containsPattern("fusion_tracker_signal_value\\{" + labels + "} NaN");
        assertThat(scrape).containsPattern("fusion_tracker_signal_desired_replicas\\{" + labels + "} NaN");
        assertThat(scrape).containsPattern("fusion_tracker_signal_absent\\{" + labels + "} 1\\.0");
    }

    @Test
    void explainForAnUntrackedScaledObjectIsNotFound() {
        given().get("/explain/ops/nobody").then().statusCode(404);
    }
}
