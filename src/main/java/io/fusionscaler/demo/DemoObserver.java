package io.fusionscaler.demo;

import io.fusionscaler.keda.proto.ExternalScalerGrpc;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.IsActiveResponse;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Plays KEDA against the demo scaler over its real gRPC port: a StreamIsActive, and a poll every 2 s. */
final class DemoObserver implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DemoObserver.class);

    private final ManagedChannel channel;
    private final ScaledObjectRef ref;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fusion-demo-keda");
        thread.setDaemon(true);
        return thread;
    });

    private final Supplier<String> signals;

    DemoObserver(String host, int port, Map<String, String> metadata, Supplier<String> signals) {
        this.signals = signals;
        this.channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
        this.ref = ScaledObjectRef.newBuilder().setNamespace("default").setName("demo")
                .putAllScalerMetadata(metadata).putScalerMetadata("scalerAddress", host + ":" + port).build();
    }

    void start() {
        ExternalScalerGrpc.newStub(channel).streamIsActive(ref, new StreamObserver<>() {
            @Override
            public void onNext(IsActiveResponse value) {
                LOG.infof("demo: StreamIsActive -> %s%s", value.getResult(), value.getResult() ? "  (KEDA would scale 0 -> 1 now)" : "");
            }

            @Override
            public void onError(Throwable t) {
                LOG.infof("demo: StreamIsActive ended: %s", t.getMessage());
            }

            @Override
            public void onCompleted() {
                LOG.info("demo: StreamIsActive ended (OK)");
            }
        });
        poller.scheduleWithFixedDelay(this::poll, 2, 2, TimeUnit.SECONDS);
    }

    private void poll() {
        ExternalScalerGrpc.ExternalScalerBlockingStub stub = ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS);
        try {
            String metric = stub.getMetricSpec(ref).getMetricSpecs(0).getMetricName();
            double desired = stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName(metric).build())
                    .getMetricValues(0).getMetricValueFloat();
            boolean active = stub.isActive(ref).getResult();
            LOG.infof("demo: poll %s -> desired=%.0f active=%s   [%s]", metric, desired, active, signals.get());
        } catch (StatusRuntimeException e) {
            LOG.infof("demo: poll answered %s", e.getStatus());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        channel.shutdownNow();
    }
}
