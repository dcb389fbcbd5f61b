package io.fusionscaler.keda;

import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.ScriptedSignal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Metadata and names a careless or malicious user could send, through the gRPC port with a default client (which
 * refuses response headers over 8 KiB, so an oversized status would reach it as INTERNAL). Each gets the status the
 * contract promises, with a description that names the key and stays small, and a well-behaved trigger of another
 * ScaledObject keeps answering throughout.
 */
@QuarkusTest
class HostileMetadataWiringTest {

    private static final String HUGE = "x".repeat(100_000);
    /** Three bytes of UTF-8 each, nine once percent-encoded in the grpc-message header. */
    private static final String HUGE_WIDE = "€".repeat(100_000);
    private static final String BROKERS = "127.0.0.1:9092";

    private KedaLikeClient keda;
    private String id;
    private ScaledObjectRef neighbour;

    @jakarta.inject.Inject
    ScriptedSignal signal;

    @BeforeEach
    void connect() {
        keda = KedaLikeClient.forTestServer().connected();
        id = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        neighbour = keda.ref("team-b", id + "-neighbour", Map.of(ScriptedSignal.KEY, id + "-neighbour"));
        signal.measure(id + "-neighbour", 7, true);
        assertThat(keda.poll(neighbour).value()).isEqualTo(7.0);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        assertThat(keda.poll(neighbour).value()).as("the well-behaved neighbour still answers").isEqualTo(7.0);
        keda.close();
    }

    private static Map<String, String> kafka(String... keyValues) {
        Map<String, String> metadata = new HashMap<>(Map.of("bootstrapServers", BROKERS, "consumerGroup", "g", "topic", "orders"));
        for (int i = 0; i < keyValues.length; i += 2) {
            metadata.put(keyValues[i], keyValues[i + 1]);
        }
        return metadata;
    }

    static Stream<Arguments> invalidMetadata() {
        String tenThousandDashed = IntStream.range(0, 10_000).mapToObj(Integer::toString).collect(Collectors.joining("-"));
        String tenThousandListed = IntStream.range(0, 10_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("lagThreshold", kafka("lagThreshold", HUGE)),
                Arguments.of("lagThreshold", kafka("lagThreshold", "9".repeat(100_000))),
                Arguments.of("activationLagThreshold", kafka("activationLagThreshold", HUGE_WIDE)),
                Arguments.of("lagThreshold", kafka("lagThreshold", "５")),
                Arguments.of("partitionLimitation", kafka("partitionLimitation", tenThousandDashed)),
                Arguments.of("partitionLimitation", kafka("partitionLimitation", tenThousandListed + ",x")),
                Arguments.of("offsetResetPolicy", kafka("offsetResetPolicy", HUGE_WIDE)),
                Arguments.of("topic", kafka("topic", HUGE)),
                Arguments.of("consumerGroup", kafka("consumerGroup", "g".repeat(40_000))),
                Arguments.of("bootstrapServers", kafka("bootstrapServers", "a b:9092")),
                Arguments.of("bootstrapServers", kafka("bootstrapServers", HUGE + ":9092")),
                Arguments.of("kafkaCluster", kafka("bootstrapServers", "", "kafkaCluster", HUGE)),
                Arguments.of("passwordFromEnv", kafka("passwordFromEnv", HUGE)),
                Arguments.of("fusion", kafka("fusion", HUGE_WIDE)),
                Arguments.of(HUGE.substring(0, 64), kafka(HUGE, "1")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidMetadata")
    void invalidMetadataIsInvalidArgumentNamingTheKeyInAFewBytes(String key, Map<String, String> metadata) {
        ScaledObjectRef ref = keda.ref("team-a", id, metadata);

        for (Runnable call : List.<Runnable>of(
                () -> keda.hpaStub().getMetricSpec(ref),
                () -> keda.hpaStub().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref).build()),
                () -> keda.hpaStub().isActive(ref))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).contains("metadata key '" + key);
                assertSmall(e.getStatus().getDescription());
            });
        }
    }

    @Test
    void hugeNamesAreQuotedShortInEveryStatus() {
        ScaledObjectRef invalid = keda.ref(HUGE_WIDE, HUGE, Map.of(ScriptedSignal.KEY, id, "lagTreshold", "5"));
        assertThatThrownBy(() -> keda.hpaStub().getMetricSpec(invalid)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("'lagTreshold'");
            assertSmall(e.getStatus().getDescription());
        });

        ScaledObjectRef valid = keda.ref(HUGE_WIDE, HUGE, Map.of(ScriptedSignal.KEY, id));
        signal.measure(id, 3, true);
        assertThat(keda.poll(valid).value()).isEqualTo(3.0);
        GetMetricsRequest foreign = GetMetricsRequest.newBuilder().setScaledObjectRef(valid).setMetricName(HUGE_WIDE).build();
        assertThatThrownBy(() -> keda.hpaStub().getMetrics(foreign)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertSmall(e.getStatus().getDescription());
        });
    }

    @Test
    void aHugeFailureReasonIsStillUnavailableInAFewBytes() {
        ScaledObjectRef ref = keda.ref("team-a", id, Map.of(ScriptedSignal.KEY, id));
        signal.fail(id, HUGE_WIDE);

        assertThatThrownBy(() -> keda.poll(ref)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).startsWith("ScaledObject team-a/" + id).endsWith("... (cut)");
            assertSmall(e.getStatus().getDescription());
        });
    }

    @Test
    void aDescriptionIsCutOnlyWhenItsEncodedFormWouldNotFit() {
        String fits = "a".repeat(ExternalScalerService.MAX_DESCRIPTION_BYTES);
        assertThat(ExternalScalerService.bounded(fits)).isEqualTo(fits);
        assertThat(ExternalScalerService.bounded(fits + "a")).hasSize(ExternalScalerService.MAX_DESCRIPTION_BYTES).endsWith("... (cut)");
        assertThat(ExternalScalerService.bounded("%".repeat(2_000))).endsWith("... (cut)");
        assertThat(ExternalScalerService.bounded("~".repeat(1_365))).isEqualTo("~".repeat(1_365));
        assertThat(ExternalScalerService.bounded("~".repeat(1_366))).endsWith("... (cut)");
        assertThat(ExternalScalerService.bounded("😀".repeat(1_000))).doesNotContain("\uFFFD").endsWith("😀... (cut)");
    }

    /** What the description costs in the grpc-message header: ' ' to '}' but '%' as they are, every other byte as %XX. */
    private static void assertSmall(String description) {
        int encoded = 0;
        for (byte b : description.getBytes(StandardCharsets.UTF_8)) {
            encoded += b >= ' ' && b < '~' && b != '%' ? 1 : 3;
        }
        assertThat(encoded).as("encoded size of: %s", description.substring(0, Math.min(200, description.length())))
                .isLessThanOrEqualTo(ExternalScalerService.MAX_DESCRIPTION_BYTES);
    }
}
