package io.fusionscaler.role;

import io.fusionscaler.engine.RefreshLoop;
import io.fusionscaler.testing.KedaLikeClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;

/** One artifact, two roles: a process started as gpu-agent runs nothing of the scaler and refuses KEDA's calls. */
@QuarkusTest
@TestProfile(GpuAgentRoleStartsNoScalerPartWiringTest.GpuAgentRole.class)
class GpuAgentRoleStartsNoScalerPartWiringTest {

    public static class GpuAgentRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fusion.role", "gpu-agent");
        }
    }

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;

    @Inject
    RefreshLoop engine;

    @Test
    void theEngineNeverStarts() {
        assertThat(engine.lastSweep()).isNull();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("fusion-refresh") || name.startsWith("fusion-lane"));
    }

    @Test
    void kedasCallsAreRefusedNamingTheRole() {
        try (KedaLikeClient keda = new KedaLikeClient("127.0.0.1", grpcPort)) {
            assertThatThrownBy(() -> keda.pollStub().getMetricSpec(keda.ref("default", "so", Map.of("scriptedSignal", "x"))))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                        assertThat(e.getStatus().getDescription()).contains("GPU_AGENT role");
                    });
        }
    }

    @Test
    void healthHasNoEngineToCheck() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("fusion-engine"));
    }
}
