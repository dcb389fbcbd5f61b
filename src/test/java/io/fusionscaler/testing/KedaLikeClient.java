package io.fusionscaler.testing;

import io.fusionscaler.keda.proto.ExternalScalerGrpc;
import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.GetMetricsResponse;
import io.fusionscaler.keda.proto.IsActiveResponse;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
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

    /**
     * Connects the channel (TLS handshake included) and returns this client. KEDA's channel to a scaler lives as long
     * as the scaler, so it is connected long before an HPA call, whose 3 s deadline is for the call alone; on a loaded
     * machine a first connection can take longer than that.
     *
     * @throws IllegalStateException when the channel is not ready within 30 s
     */
    public KedaLikeClient connected() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (channel.getState(true) != ConnectivityState.READY) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no connection to the scaler at " + address + " within 30 s: " + channel.getState(false));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting to " + address, e);
            }
        }
        return this;
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

    /** A StreamIsActive as KEDA holds one per trigger. */
    public ActivityStreamCall streamIsActive(ScaledObjectRef ref) {
        ActivityStreamCall stream = new ActivityStreamCall(channel.newCall(ExternalScalerGrpc.getStreamIsActiveMethod(), CallOptions.DEFAULT));
        stream.open(ref);
        return stream;
    }

    /** A StreamMetricSpec, as KEDA 2.21 and later open one per trigger. */
    public MetricSpecStreamCall streamMetricSpec(ScaledObjectRef ref) {
        MetricSpecStreamCall stream = new MetricSpecStreamCall(channel.newCall(ExternalScalerGrpc.getStreamMetricSpecMethod(), CallOptions.DEFAULT));
        stream.open(ref);
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

    /**
     * A server stream as KEDA holds it: messages queue up as they arrive, {@link #end()} completes with the final status,
     * and {@link #cancel()} is what KEDA does when the ScaledObject changes.
     */
    public abstract static class StreamCall<M, T> implements StreamObserver<M> {
        private final ClientCall<ScaledObjectRef, M> call;
        private final BlockingQueue<T> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Status> end = new CompletableFuture<>();

        StreamCall(ClientCall<ScaledObjectRef, M> call) {
            this.call = call;
        }

        abstract T read(M message);

        void open(ScaledObjectRef ref) {
            ClientCalls.asyncServerStreamingCall(call, ref, this);
        }

        @Override
        public void onNext(M value) {
            received.add(read(value));
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
        public T next(long timeout, TimeUnit unit) throws InterruptedException {
            return received.poll(timeout, unit);
        }

        /** The messages received and not taken yet. */
        public List<T> drain() {
            List<T> all = new ArrayList<>();
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

    /** A StreamIsActive: each message is the activity it pushed. */
    public static final class ActivityStreamCall extends StreamCall<IsActiveResponse, Boolean> {
        ActivityStreamCall(ClientCall<ScaledObjectRef, IsActiveResponse> call) {
            super(call);
        }

        @Override
        Boolean read(IsActiveResponse message) {
            return message.getResult();
        }
    }

    /** A StreamMetricSpec: each message is a metric spec. */
    public static final class MetricSpecStreamCall extends StreamCall<GetMetricSpecResponse, GetMetricSpecResponse> {
        MetricSpecStreamCall(ClientCall<ScaledObjectRef, GetMetricSpecResponse> call) {
            super(call);
        }

        @Override
        GetMetricSpecResponse read(GetMetricSpecResponse message) {
            return message;
        }
    }
}
