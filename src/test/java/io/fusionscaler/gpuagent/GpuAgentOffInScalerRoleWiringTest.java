package io.fusionscaler.gpuagent;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** In the scaler role (the default) nothing of the gpu-agent runs, and its API does not exist. */
@QuarkusTest
class GpuAgentOffInScalerRoleWiringTest {

    @Test
    void theAgentsApiIsNotFound() {
        given().header("Authorization", "Bearer anything").get("/gpu-agent/v1/pods").then().statusCode(404);
    }

    @Test
    void noAgentMetricsAndTheAgentsHealthCheckSaysInactive() {
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).doesNotContain("fusion_gpu");
        List<Map<String, Object>> checks = given().get("/q/health/live").then().extract().jsonPath().getList("checks");

        assertThat(checks).filteredOn(check -> "gpu-agent".equals(check.get("name"))).singleElement()
                .satisfies(check -> {
                    assertThat(check.get("status")).isEqualTo("UP");
                    assertThat(check.get("data")).isEqualTo(Map.of("active", false));
                });
    }
}
