package io.fusionscaler.ops;

import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaSignalDriver;
import io.fusionscaler.testing.PackagedScaler;
import io.fusionscaler.testing.SignalDriver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The ops endpoints of the packaged scaler (the fast-jar, or the native runner with {@code -Dnative}) with a real Kafka
 * trigger (lag 20, lagThreshold 10: 2 replicas, active), plus what only the Kafka signal shows.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaBrokerResource.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpsEndpointsIT extends OpsEndpointsContract {

    @AutoClose
    private final KafkaSignalDriver kafka = new KafkaSignalDriver(KafkaBrokerResource.bootstrapServers());

    @Override
    protected SignalDriver driver() {
        return kafka;
    }

    @Test
    void explainShowsTheKafkaLagFigures() {
        given().get("/explain/ops/" + name()).then().statusCode(200)
                .body("[0].signals[0].details.lag", equalTo(20))
                .body("[0].signals[0].details.activationLag", equalTo(20))
                .body("[0].signals[0].details.partitions", equalTo(1))
                .body("[0].signals[0].details.lagPolicy", equalTo("threshold"))
                .body("[0].signals[0].coverage", equalTo("1 of 1 partitions"));
    }

    @Test
    void metricsCountTheTriggersStalledPartitions() {
        // 0 until the trigger's commit has stood still, with lag, for fusion.kafka.persistent-lag-window, then 1
        assertThat(PackagedScaler.scrape()).containsPattern("fusion_tracker_kafka_stalled_partitions\\{namespace=\"ops\",scaled_object=\""
                + name() + "\",trigger=\"[0-9a-f]{8}\"} [01]\\.0");
    }

    @Test
    void metricsTimeTheRefreshesOfTheTriggersClusterInItsOwnLane() {
        assertThat(PackagedScaler.scrape()).contains("fusion_source_refresh_duration_seconds_count{lane=\"bootstrap:"
                + KafkaBrokerResource.bootstrapServers() + "\",signal=\"kafka\"}");
    }
}
