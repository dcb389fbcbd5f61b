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
import static org.hamcrest.Matchers.startsWith;

/**
 * Health, metrics and the explain endpoint, written once for any signal a {@link SignalDriver} controls:
 * {@link OpsEndpointsWiringTest} runs them in-process with the scripted signal, {@link OpsEndpointsIT} against the packaged
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
        keda = KedaLikeClient.forTestServer().connected();
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
            assertThat(scrape).containsPattern("fusion_tracker_signal_coverage_ratio\\{" + signalLabels + "} 1\\.0");
            assertThat(scrape).containsPattern("fusion_tracker_signal_absent\\{" + signalLabels + "} 0\\.0");
        });
        String scrape = PackagedScaler.scrape();
        String source = "lane=\"[^\"]+\",signal=\"" + driver().signal() + "\"";
        assertThat(PackagedScaler.metric(scrape, "fusion_trackers")).isGreaterThanOrEqualTo(1.0);
        assertThat(scrape).contains("fusion_streams_open ").contains("fusion_lanes ").contains("fusion_decisions_total ");
        assertThat(scrape).containsPattern("fusion_source_refresh_duration_seconds_count\\{" + source + "} [1-9]");
        assertThat(scrape).containsPattern("fusion_source_refresh_errors_total\\{" + source + "} ");
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
                .body("[0].signals[0].status", equalTo("measured"))
                .body("[0].signals[0].coverage", startsWith("1 of 1 "))
                .body("[0].signals[0].observedAt", notNullValue())
                .body("[0].decidedBy", hasItem(driver().signal()))
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
