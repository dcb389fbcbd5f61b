package io.fusionscaler.keda;

import io.fusionscaler.keda.proto.ExternalScalerGrpc;
import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.GetMetricsResponse;
import io.fusionscaler.keda.proto.IsActiveResponse;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Calls the scaler the way KEDA 2.17-2.21 does: one shared channel per scaler address with round_robin,
 * metadata that includes KEDA's own keys, GetMetricSpec then GetMetrics (HPA name without the {@code s0-}
 * prefix) then IsActive, under a 3 s deadline on the HPA path, and one StreamIsActive per trigger.
 */
public final class KedaLikeClient implements AutoCloseable {

    /** The metrics adapter's default gRPC method timeout, which propagates to external scalers. */
    public static final long HPA_DEADLINE_MILLIS = 3_000;

    private final ManagedChannel channel;
    private final String address;

    public KedaLikeClient(String host, int port) {
        this.address = host + ":" + port;
        this.channel = ManagedChannelBuilder.forTarget("dns:///" + address)
                .defaultLoadBalancingPolicy("round_robin").usePlaintext().build();
    }

    /** A client of the scaler under test (the {@code quarkus.grpc.server.test-port}), for @QuarkusTest and packaged-build tests alike. */
    public static KedaLikeClient forTestServer() {
        return new KedaLikeClient("127.0.0.1", org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.grpc.server.test-port", Integer.class));
    }

    public KedaLikeClient(ManagedChannel channel, String address) {
        this.channel = channel;
        this.address = address;
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** The ScaledObjectRef KEDA builds: every trigger metadata key plus its own client keys. */
    public ScaledObjectRef ref(String namespace, String name, Map<String, String> triggerMetadata) {
        Map<String, String> metadata = new HashMap<>(triggerMetadata);
        metadata.putIfAbsent("scalerAddress", address);
        return ScaledObjectRef.newBuilder().setNamespace(namespace).setName(name).putAllScalerMetadata(metadata).build();
    }

    public ExternalScalerGrpc.ExternalScalerBlockingStub hpaStub() {
        return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(HPA_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The poll loop path has no deadline at all. */
    public ExternalScalerGrpc.ExternalScalerBlockingStub pollStub() {
        return ExternalScalerGrpc.newBlockingStub(channel);
    }

    /** One HPA sync: the three calls in KEDA's order under the 3 s deadline. */
    public Poll poll(ScaledObjectRef ref) {
        ExternalScalerGrpc.ExternalScalerBlockingStub stub = hpaStub();
        GetMetricSpecResponse spec = stub.getMetricSpec(ref);
        String hpaName = "s0-" + spec.getMetricSpecs(0).getMetricName();
        String requested = hpaName.substring(hpaName.indexOf('-') + 1);
        GetMetricsResponse metrics = stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName(requested).build());
        IsActiveResponse active = stub.isActive(ref);
        return new Poll(spec, metrics, active.getResult());
    }

    /** KEDA's reading of a metric value: the float when > 0, else the integer; negatives and NaN count as 0. */
    public static double kedaValue(GetMetricsResponse response) {
        double total = 0;
        for (var value : response.getMetricValuesList()) {
            double v = value.getMetricValueFloat() > 0 ? value.getMetricValueFloat() : value.getMetricValue();
            total += Double.isNaN(v) || v < 0 ? 0 : v;
        }
        return total;
    }

    public ActivityStreamCall streamIsActive(ScaledObjectRef ref) {
        ClientCall<ScaledObjectRef, IsActiveResponse> call = channel.newCall(ExternalScalerGrpc.getStreamIsActiveMethod(), io.grpc.CallOptions.DEFAULT);
        ActivityStreamCall stream = new ActivityStreamCall(call);
        ClientCalls.asyncServerStreamingCall(call, ref, stream);
        return stream;
    }

    @Override
    public void close() {
        try {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public record Poll(GetMetricSpecResponse spec, GetMetricsResponse metrics, boolean active) {
        public double value() {
            return kedaValue(metrics);
        }
    }

    /** A StreamIsActive as KEDA holds it: messages queue up; cancel() is what KEDA does when the ScaledObject changes. */
    public static final class ActivityStreamCall implements StreamObserver<IsActiveResponse> {
        private final ClientCall<ScaledObjectRef, IsActiveResponse> call;
        private final BlockingQueue<Boolean> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Status> end = new CompletableFuture<>();

        ActivityStreamCall(ClientCall<ScaledObjectRef, IsActiveResponse> call) {
            this.call = call;
        }

        @Override
        public void onNext(IsActiveResponse value) {
            received.add(value.getResult());
        }

        @Override
        public void onError(Throwable t) {
            end.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end.complete(Status.OK);
        }

        /** The next message within the timeout, or null. */
        public Boolean next(long timeout, TimeUnit unit) throws InterruptedException {
            return received.poll(timeout, unit);
        }

        public List<Boolean> drain() {
            List<Boolean> all = new java.util.ArrayList<>();
            received.drainTo(all);
            return all;
        }

        public CompletableFuture<Status> end() {
            return end;
        }

        public void cancel() {
            call.cancel("ScaledObject changed", null);
        }
    }
}
