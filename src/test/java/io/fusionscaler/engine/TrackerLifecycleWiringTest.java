package io.fusionscaler.engine;

import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.ScriptedSignal;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Trackers are made on the first call, shared by equal metadata, and dropped with their metrics after a silence. */
@QuarkusTest
@TestProfile(TrackerLifecycleWiringTest.ShortIdleTimeout.class)
class TrackerLifecycleWiringTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fusion.engine.tracker-idle-timeout", "2s");
        }
    }

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;

    @Inject
    ScriptedSignal signal;

    @Inject
    TrackerRegistry trackers;

    @Test
    void aSilentTriggerIsDroppedWithItsMetricsAndComesBackOnTheNextCall() throws Exception {
        signal.measure("idle", 2, true);
        try (KedaLikeClient keda = new KedaLikeClient("127.0.0.1", grpcPort)) {
            ScaledObjectRef ref = keda.ref("life", "idle", Map.of("scriptedSignal", "idle"));
            // A poll right before each scrape: on a loaded machine a scrape alone can outlast the 2 s idle timeout.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                keda.poll(ref);
                assertThat(metrics()).contains("scaled_object=\"idle\"");
            });

            await().atMost(Duration.ofSeconds(20)).until(() -> trackers.all().stream().noneMatch(t -> t.key().name().equals("idle")));
            assertThat(metrics()).doesNotContain("scaled_object=\"idle\"");

            assertThat(keda.poll(ref).value()).as("a new tracker answers again").isEqualTo(2.0);
        }
    }

    @Test
    void aTriggerWithAnOpenStreamIsKeptAliveWithoutPolls() throws Exception {
        signal.measure("streamed", 1, true);
        try (KedaLikeClient keda = new KedaLikeClient("127.0.0.1", grpcPort)) {
            ScaledObjectRef ref = keda.ref("life", "streamed", Map.of("scriptedSignal", "streamed"));
            KedaLikeClient.ActivityStreamCall stream = keda.streamIsActive(ref);
            assertThat(stream.next(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            Thread.sleep(4_000);

            assertThat(trackers.all()).anyMatch(t -> t.key().name().equals("streamed"));
            stream.cancel();
        }
    }

    @Test
    void scaledObjectsWithEqualSignalSettingsShareOneSpecButKeepTheirOwnTrackers() throws Exception {
        signal.measure("shared", 3, true);
        try (KedaLikeClient keda = new KedaLikeClient("127.0.0.1", grpcPort)) {
            keda.poll(keda.ref("life", "first", Map.of("scriptedSignal", "shared")));
            keda.poll(keda.ref("life", "second", Map.of("scriptedSignal", "shared")));

            var both = trackers.all().stream().filter(t -> t.key().name().equals("first") || t.key().name().equals("second"))
                    .collect(java.util.stream.Collectors.toList());
            assertThat(both).hasSize(2);
            assertThat(both.stream().map(t -> t.spec().signals().get(0)).distinct()).containsExactly(new ScriptedSignal.Spec("shared"));
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
