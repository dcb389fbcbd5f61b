package io.fusionscaler.ops;

import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.ScriptedSignal;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** ScaledObject names arrive unchecked over gRPC: a 100 KB name must not become a 100 KB metric label. */
@QuarkusTest
class HostileNamesMetricsWiringTest {

    @Inject
    ScriptedSignal signal;

    @Test
    void hugeNamesBecomeShortDistinctLabels() throws Exception {
        String head = "so" + UUID.randomUUID().toString().replace("-", "");
        String first = head + "x".repeat(100_000) + "-1";
        String second = head + "x".repeat(100_000) + "-2";
        signal.measure(first, 2, true);
        signal.measure(second, 3, true);
        try (KedaLikeClient keda = KedaLikeClient.forTestServer().connected()) {
            keda.poll(keda.ref("ns", first, Map.of("scriptedSignal", first)));
            keda.poll(keda.ref("ns", second, Map.of("scriptedSignal", second)));
        }

        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(Arrays.stream(scrape.split("\n")).mapToInt(String::length).max().orElse(0)).isLessThan(1_000);
        Matcher series = Pattern.compile("fusion_tracker_desired_replicas\\{namespace=\"ns\",scaled_object=\"(" + head
                + "x+~[0-9a-f]{16})\",trigger=\"[0-9a-f]{8}\"} ([0-9.]+)").matcher(scrape);
        assertThat(series.find()).isTrue();
        String label = series.group(1);
        String value = series.group(2);
        assertThat(series.find()).as("a second, distinct series").isTrue();
        assertThat(series.group(1)).isNotEqualTo(label).hasSize(label.length());
        assertThat(Map.of(label, value, series.group(1), series.group(2)).values()).containsExactlyInAnyOrder("2.0", "3.0");
    }

    @Test
    void labelValuesUpToTheLongestKubernetesNameStayAsTheyAre() {
        String longest = "a".repeat(TrackerMetrics.MAX_LABEL_LENGTH);

        assertThat(TrackerMetrics.labelValue("orders")).isEqualTo("orders");
        assertThat(TrackerMetrics.labelValue(longest)).isEqualTo(longest);
        assertThat(TrackerMetrics.labelValue(longest + "a")).matches("a{64}~[0-9a-f]{16}");
        assertThat(TrackerMetrics.labelValue("a".repeat(63) + "😀" + "a".repeat(300))).matches("a{63}~[0-9a-f]{16}");
    }
}
