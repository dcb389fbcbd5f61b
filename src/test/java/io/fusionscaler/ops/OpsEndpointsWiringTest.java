package io.fusionscaler.ops;

import io.fusionscaler.testing.ScriptedSignal;
import io.fusionscaler.testing.SignalDriver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The ops endpoints in-process, with the scripted signal, plus an absent signal (none of the packaged build's signals can be absent yet). */
@QuarkusTest
class OpsEndpointsWiringTest extends OpsEndpointsContract {

    @Inject
    ScriptedSignal signal;

    @Override
    protected SignalDriver driver() {
        return signal;
    }

    @Test
    void anAbsentSignalIsExplainedAsAbsentAndItsFiguresAreNaNNeverZero() {
        signal.absent(name(), "target ops/module has 0 replicas");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/explain/ops/" + name()).then().body("[0].status", equalTo("OK"))
                        .body("[0].desiredReplicas", equalTo(0))
                        .body("[0].active", equalTo(false))
                        .body("[0].signals[0].status", equalTo("absent"))
                        .body("[0].signals[0].absentReason", equalTo("target ops/module has 0 replicas")));
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String labels = "namespace=\"ops\",scaled_object=\"" + name() + "\",signal=\"scripted\",trigger=\"[0-9a-f]{8}\"";
        assertThat(scrape).containsPattern("fusion_tracker_signal_value\\{" + labels + "} NaN");
        assertThat(scrape).containsPattern("fusion_tracker_signal_desired_replicas\\{" + labels + "} NaN");
        assertThat(scrape).containsPattern("fusion_tracker_signal_absent\\{" + labels + "} 1\\.0");
    }
}
