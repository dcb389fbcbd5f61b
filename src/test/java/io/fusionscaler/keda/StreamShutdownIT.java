package io.fusionscaler.keda;

import io.fusionscaler.keda.KedaLikeClient.ActivityStreamCall;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On SIGTERM the packaged scaler ends every open StreamIsActive with status OK, so KEDA reconnects to
 * another replica after 2 s rather than backing off for up to a minute.
 */
class StreamShutdownIT {

    @Test
    void sigtermEndsOpenActivityStreamsWithStatusOk() throws Exception {
        try (ScalerProcess scaler = ScalerProcess.start("-Dfusion.kafka.refresh-interval=200ms")) {
            KedaLikeClient keda = new KedaLikeClient("127.0.0.1", scaler.grpcPort());
            List<ActivityStreamCall> streams = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                // A cluster nobody listens on: the stream stays open with nothing known to send.
                ScaledObjectRef ref = keda.ref("shutdown", "so-" + i, Map.of(
                        "bootstrapServers", "127.0.0.1:1", "consumerGroup", "g" + i, "topic", "t"));
                streams.add(keda.streamIsActive(ref));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> scaler.httpGet("/q/metrics").contains("fusion_streams_open 5.0"));

            scaler.terminate(Duration.ofSeconds(20));

            for (ActivityStreamCall stream : streams) {
                assertThat(stream.end()).succeedsWithin(Duration.ofSeconds(5)).extracting(Status::getCode).isEqualTo(Status.Code.OK);
            }
            keda.close();
        }
    }
}
