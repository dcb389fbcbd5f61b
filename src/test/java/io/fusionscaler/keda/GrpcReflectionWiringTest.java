package io.fusionscaler.keda;

import io.fusionscaler.testing.KedaLikeClient;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** gRPC server reflection lists every service to anyone who asks: off unless quarkus.grpc.server.enable-reflection-service. */
@QuarkusTest
class GrpcReflectionWiringTest {

    @Test
    void reflectionIsOffByDefault() throws Exception {
        try (KedaLikeClient keda = KedaLikeClient.forTestServer().connected()) {
            CompletableFuture<Status> end = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(keda.channel())
                    .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
                        @Override
                        public void onNext(ServerReflectionResponse response) {
                            end.complete(Status.OK.withDescription("answered: " + response.getMessageResponseCase()));
                        }

                        @Override
                        public void onError(Throwable error) {
                            end.complete(Status.fromThrowable(error));
                        }

                        @Override
                        public void onCompleted() {
                            end.complete(Status.OK);
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
            requests.onCompleted();

            assertThat(end).succeedsWithin(Duration.ofSeconds(10)).extracting(Status::getCode).isEqualTo(Status.Code.UNIMPLEMENTED);
        }
    }
}
