package io.fusionscaler.bench;

import io.fusionscaler.keda.proto.ExternalScalerGrpc;
import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.GetMetricsResponse;
import io.fusionscaler.keda.proto.IsActiveResponse;
import io.fusionscaler.keda.proto.MetricSpec;
import io.fusionscaler.keda.proto.MetricValue;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of the GetMetrics benchmark: a bare grpc-java server (default {@link ServerBuilder}, default
 * executor) with the same generated service base as the scaler, answering constants from memory. It runs in a
 * process of its own, like the scaler, so both compete for the same cores in the same way.
 *
 * <p>Usage: {@code java -cp <test classpath> io.fusionscaler.bench.ConstantExternalScalerServer <port>}; port 0
 * picks a free one. It prints {@code LISTENING <port>} once it serves, and stops when its stdin closes (its parent
 * ended), so it never outlives the benchmark.
 */
public final class ConstantExternalScalerServer extends ExternalScalerGrpc.ExternalScalerImplBase {

    /** The line prefix the parent waits for. */
    public static final String READY_PREFIX = "LISTENING ";

    static final String METRIC_NAME = "constant-metric";
    static final long VALUE = 3;

    private static final GetMetricSpecResponse SPEC = GetMetricSpecResponse.newBuilder()
            .addMetricSpecs(MetricSpec.newBuilder().setMetricName(METRIC_NAME).setTargetSize(1).setTargetSizeFloat(1.0))
            .build();
    private static final GetMetricsResponse METRICS = GetMetricsResponse.newBuilder()
            .addMetricValues(MetricValue.newBuilder().setMetricName(METRIC_NAME).setMetricValue(VALUE).setMetricValueFloat(VALUE))
            .build();
    private static final IsActiveResponse ACTIVE = IsActiveResponse.newBuilder().setResult(true).build();

    @Override
    public void getMetricSpec(ScaledObjectRef request, StreamObserver<GetMetricSpecResponse> responseObserver) {
        responseObserver.onNext(SPEC);
        responseObserver.onCompleted();
    }

    @Override
    public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> responseObserver) {
        responseObserver.onNext(METRICS);
        responseObserver.onCompleted();
    }

    @Override
    public void isActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> responseObserver) {
        responseObserver.onNext(ACTIVE);
        responseObserver.onCompleted();
    }

    @Override
    public void streamIsActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> responseObserver) {
        responseObserver.onNext(ACTIVE); // then stays open, as a quiet stream does
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Server server = ServerBuilder.forPort(port).addService(new ConstantExternalScalerServer()).build().start();
        System.out.println(READY_PREFIX + server.getPort());
        System.out.flush();
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // wait for the parent to close our stdin (or to die)
        }
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        System.exit(0);
    }
}
