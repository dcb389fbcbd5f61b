package io.fusionscaler.keda;

import io.fusionscaler.engine.EngineConfig;
import io.fusionscaler.engine.ScaledObjectTracker;
import io.fusionscaler.engine.TrackerLookup;
import io.fusionscaler.engine.TrackerRegistry;
import io.fusionscaler.fusion.Decision;
import io.fusionscaler.fusion.FusedDecision;
import io.fusionscaler.fusion.UnavailableDecision;
import io.fusionscaler.keda.proto.ExternalScaler;
import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.GetMetricsResponse;
import io.fusionscaler.keda.proto.IsActiveResponse;
import io.fusionscaler.keda.proto.MetricSpec;
import io.fusionscaler.keda.proto.MetricValue;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.signal.Excerpt;
import io.fusionscaler.role.Role;
import io.fusionscaler.role.RoleConfig;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * KEDA's ExternalScaler API. It only translates: metadata goes to the tracker registry, answers come
 * from the tracker's in-memory states, and no call ever waits on Kafka or any other source (the first
 * call for a new tracker may wait, briefly and within its deadline, for that tracker's first refresh).
 */
@GrpcService
public class ExternalScalerService implements ExternalScaler {

    /** Every fused metric is "replicas wanted" with target 1 and AverageValue, so the HPA's desired count is our value. */
    static final double TARGET = 1.0;
    private static final Duration DEADLINE_MARGIN = Duration.ofMillis(300);
    /**
     * The most bytes a status description may take in the {@code grpc-message} header once percent-encoded: gRPC
     * clients refuse response headers over 8 KiB by default, and would see INTERNAL instead of our status.
     */
    static final int MAX_DESCRIPTION_BYTES = 4096;
    private static final String CUT = "... (cut)";

    private final TrackerRegistry registry;
    private final OpenStreams streams;
    private final EngineConfig config;
    private final Clock clock;
    private final Role role;

    public ExternalScalerService(TrackerRegistry registry, OpenStreams streams, EngineConfig config, Clock clock, RoleConfig role) {
        this.registry = registry;
        this.streams = streams;
        this.config = config;
        this.clock = clock;
        this.role = role.role();
    }

    @Override
    public Uni<GetMetricSpecResponse> getMetricSpec(ScaledObjectRef ref) {
        return Uni.createFrom().item(() -> metricSpec(ref, track(ref)));
    }

    @Override
    public Uni<GetMetricsResponse> getMetrics(GetMetricsRequest request) {
        ScaledObjectRef ref = request.getScaledObjectRef();
        return withDecision(ref, decision -> {
            String name = MetricNames.fused(ref.getNamespace(), ref.getName());
            String asked = request.getMetricName();
            if (!asked.isEmpty() && !asked.equals(name)) {
                throw error(Status.NOT_FOUND, objectId(ref) + ": no metric " + Excerpt.quoted(asked)
                        + "; this scaler serves '" + name + "' (the name GetMetricSpec returns)");
            }
            long desired = fused(ref, decision).desiredReplicas();
            return GetMetricsResponse.newBuilder().addMetricValues(MetricValue.newBuilder()
                    .setMetricName(name).setMetricValue(desired).setMetricValueFloat(desired)).build();
        });
    }

    @Override
    public Uni<IsActiveResponse> isActive(ScaledObjectRef ref) {
        return withDecision(ref, decision ->
                IsActiveResponse.newBuilder().setResult(fused(ref, decision).active()).build());
    }

    @Override
    public Multi<IsActiveResponse> streamIsActive(ScaledObjectRef ref) {
        return Multi.createFrom().emitter(emitter -> {
            ScaledObjectTracker tracker;
            try {
                tracker = track(ref);
            } catch (StatusRuntimeException e) {
                emitter.fail(e);
                return;
            }
            ActivityStream stream = new ActivityStream(emitter);
            streams.add(emitter);
            emitter.onTermination(() -> {
                tracker.unsubscribe(stream);
                streams.remove(emitter);
            });
            tracker.subscribe(stream);
            stream.open(tracker);
        });
    }

    /** Our metric spec never changes for a given trigger, so the stream carries the current spec and then stays open. */
    @Override
    public Multi<GetMetricSpecResponse> streamMetricSpec(ScaledObjectRef ref) {
        return Multi.createFrom().emitter(emitter -> {
            try {
                GetMetricSpecResponse spec = metricSpec(ref, track(ref));
                streams.add(emitter);
                emitter.onTermination(() -> streams.remove(emitter));
                emitter.emit(spec);
            } catch (StatusRuntimeException e) {
                emitter.fail(e);
            }
        });
    }

    private static GetMetricSpecResponse metricSpec(ScaledObjectRef ref, ScaledObjectTracker tracker) {
        return GetMetricSpecResponse.newBuilder().addMetricSpecs(MetricSpec.newBuilder()
                .setMetricName(MetricNames.fused(ref.getNamespace(), ref.getName()))
                .setTargetSize((long) TARGET)
                .setTargetSizeFloat(TARGET)).build();
    }

    private ScaledObjectTracker track(ScaledObjectRef ref) {
        if (role != Role.SCALER) {
            throw error(Status.UNIMPLEMENTED, "this fusion-scaler process runs the " + role
                    + " role; point the trigger's scalerAddress at the scaler's Service");
        }
        if (ref.getName().isBlank() || ref.getNamespace().isBlank()) {
            throw error(Status.INVALID_ARGUMENT, "ScaledObjectRef needs both name and namespace");
        }
        TrackerLookup lookup = registry.lookup(ref.getNamespace(), ref.getName(), ref.getScalerMetadataMap());
        if (lookup instanceof TrackerLookup.Rejected rejected) {
            throw error(Status.INVALID_ARGUMENT, objectId(ref) + ": " + rejected.problem().message());
        }
        return ((TrackerLookup.Found) lookup).tracker();
    }

    private <T> Uni<T> withDecision(ScaledObjectRef ref, Function<Decision, T> handler) {
        ScaledObjectTracker tracker;
        try {
            tracker = track(ref);
        } catch (StatusRuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        if (tracker.firstRefresh().isDone() || firstRefreshWait().isZero()) {
            return Uni.createFrom().item(() -> handler.apply(tracker.decision(clock.instant())));
        }
        return Uni.createFrom().completionStage(tracker.firstRefresh())
                .ifNoItem().after(firstRefreshWait()).recoverWithItem((Void) null)
                .map(ignored -> handler.apply(tracker.decision(clock.instant())));
    }

    private Duration firstRefreshWait() {
        Duration wait = config.firstRefreshWait();
        Deadline deadline = Context.current().getDeadline();
        if (deadline != null) {
            Duration left = Duration.ofMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS)).minus(DEADLINE_MARGIN);
            wait = left.compareTo(wait) < 0 ? left : wait;
        }
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static FusedDecision fused(ScaledObjectRef ref, Decision decision) {
        if (decision instanceof UnavailableDecision unavailable) {
            throw error(Status.UNAVAILABLE, objectId(ref) + ": " + unavailable.message());
        }
        return (FusedDecision) decision;
    }

    private static String objectId(ScaledObjectRef ref) {
        return "ScaledObject " + Excerpt.of(ref.getNamespace()) + "/" + Excerpt.of(ref.getName());
    }

    private static StatusRuntimeException error(Status status, String description) {
        return status.withDescription(bounded(description)).asRuntimeException();
    }

    /** {@code description}, cut so that its percent-encoded form takes at most {@link #MAX_DESCRIPTION_BYTES}. */
    static String bounded(String description) {
        int fits = prefixFitting(description, MAX_DESCRIPTION_BYTES);
        return fits == description.length() ? description
                : description.substring(0, prefixFitting(description, MAX_DESCRIPTION_BYTES - CUT.length())) + CUT;
    }

    /** The length of the longest prefix of {@code text} whose encoded form takes at most {@code bytes}. */
    private static int prefixFitting(String text, int bytes) {
        int used = 0;
        int index = 0;
        while (index < text.length()) {
            int codePoint = text.codePointAt(index);
            used += encodedSize(codePoint);
            if (used > bytes) {
                return index;
            }
            index += Character.charCount(codePoint);
        }
        return index;
    }

    /** grpc-java sends ' ' to '}' but '%' as they are, and every other UTF-8 byte as %XX ('~' included). */
    private static int encodedSize(int codePoint) {
        if (codePoint >= ' ' && codePoint < '~' && codePoint != '%') {
            return 1;
        }
        return 3 * new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
    }
}
