package io.fusionscaler.ops;

import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.PackagedScaler;
import io.fusionscaler.testing.SignalDriver;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Health, metrics and the explain endpoint, written once for any signal a {@link SignalDriver} controls:
 * {@link OpsEndpointsTest} runs them in-process with the scripted signal, {@link OpsEndpointsIT} against the packaged
 * build with a real Kafka trigger. Each test tracks one trigger whose signal wants 2 replicas and is active.
 */
abstract class OpsEndpointsContract {

    private KedaLikeClient keda;
    private String name;
    private ScaledObjectRef ref;
    private double value;

    /** The signal under the contract. */
    protected abstract SignalDriver driver();

    /** The tracked trigger's name (its ScaledObject's, in namespace {@code ops}). */
    protected String name() {
        return name;
    }

    @BeforeEach
    void track() {
        keda = KedaLikeClient.forTestServer();
        name = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        value = driver().measure(name, 2, true);
        ref = keda.ref("ops", name, driver().trigger(name));
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> keda.poll(ref).value() == 2.0);
    }

    @AfterEach
    void close() throws InterruptedException {
        keda.close();
    }

    @Test
    void livenessAndReadinessAreUpWithTheEngineAndGrpcChecks() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("fusion-engine"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("gRPC Server"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsExposePerTrackerDecisionAndSignalFiguresAndGrpcServerMetrics() {
        String labels = "namespace=\"ops\",scaled_object=\"" + name + "\"";
        String signalLabels = labels + ",signal=\"" + driver().signal() + "\",trigger=\"[0-9a-f]{8}\"";
        String signalValue = String.valueOf(value).replace(".", "\\.");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String scrape = PackagedScaler.scrape();
            assertThat(scrape).containsPattern("fusion_tracker_desired_replicas\\{" + labels + ",trigger=\"[0-9a-f]{8}\"} 2\\.0");
            assertThat(scrape).containsPattern("fusion_tracker_active\\{" + labels + ",trigger=\"[0-9a-f]{8}\"} 1\\.0");
            assertThat(scrape).containsPattern("fusion_tracker_signal_value\\{" + signalLabels + "} " + signalValue);
            assertThat(scrape).containsPattern("fusion_tracker_signal_desired_replicas\\{" + signalLabels + "} 2\\.0");
            assertThat(scrape).containsPattern("fusion_tracker_signal_staleness_seconds\\{" + signalLabels + "} ");
        });
        String scrape = PackagedScaler.scrape();
        assertThat(PackagedScaler.metric(scrape, "fusion_trackers")).isGreaterThanOrEqualTo(1.0);
        assertThat(scrape).contains("fusion_streams_open ").contains("fusion_refresh_lane_duration_seconds ");
        assertThat(scrape).contains("grpc_server_processing_duration_seconds_count{method=\"GetMetrics\"");
    }

    @Test
    void explainShowsTheInputsPerSignalResultsAndTheDecision() {
        given().get("/explain/ops/" + name).then().statusCode(200)
                .body("[0].status", equalTo("OK"))
                .body("[0].desiredReplicas", equalTo(2))
                .body("[0].active", equalTo(true))
                .body("[0].metricName", equalTo("fusion-ops-" + name))
                .body("[0].policy", equalTo("max"))
                .body("[0].createdAt", notNullValue())
                .body("[0].signals[0].signal", equalTo(driver().signal()))
                .body("[0].signals[0].value", equalTo((float) value))
                .body("[0].signals[0].desiredReplicas", equalTo(2))
                .body("[0].signals[0].fresh", equalTo(true))
                .body("[0].signals[0].input", containsString(name));
        given().get("/explain").then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void explainShowsWhyATriggerIsUnavailable() {
        String reason = driver().fail(name);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            askAndIgnoreTheAnswer();
            given().get("/explain/ops/" + name).then().statusCode(200)
                    .body("[0].status", equalTo("UNAVAILABLE"))
                    .body("[0].message", containsString(driver().signal() + " signal unavailable"))
                    .body("[0].signals[0].lastError", containsString(reason));
        });
    }

    /** A KEDA poll whose UNAVAILABLE is expected: it keeps the tracker alive. */
    private void askAndIgnoreTheAnswer() {
        try {
            keda.hpaStub().isActive(ref);
        } catch (StatusRuntimeException expected) {
            // UNAVAILABLE until the explain view shows why
        }
    }

    @Test
    void explainForAnUntrackedScaledObjectIsNotFound() {
        given().get("/explain/ops/nobody").then().statusCode(404);
    }
}
