package io.fusionscaler.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.ScalerProcess;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays KEDA against the demo's scaler over its real gRPC port: holds a StreamIsActive and prints what it pushes, and
 * every 2 s polls as the HPA does (GetMetricSpec, GetMetrics, IsActive) and prints the answer beside the scaler's own
 * explanation ({@code GET /explain/default/demo}).
 */
final class KedaPlayer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScalerProcess scaler;
    private final KedaLikeClient keda;
    private final ScaledObjectRef ref;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-keda");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    private KedaPlayer(ScalerProcess scaler, Map<String, String> metadata) {
        this.scaler = scaler;
        this.keda = new KedaLikeClient("127.0.0.1", scaler.grpcPort());
        this.ref = keda.ref("default", "demo", metadata);
    }

    static KedaPlayer start(ScalerProcess scaler, Map<String, String> metadata) {
        KedaPlayer player = new KedaPlayer(scaler, metadata);
        player.watchTheStream(player.keda.streamIsActive(player.ref));
        player.poller.scheduleWithFixedDelay(player::poll, 2, 2, TimeUnit.SECONDS);
        return player;
    }

    private void watchTheStream(KedaLikeClient.ActivityStreamCall stream) {
        Thread watcher = new Thread(() -> {
            try {
                while (!closed && !stream.end().isDone()) {
                    Boolean active = stream.next(1, TimeUnit.SECONDS);
                    if (active != null) {
                        Timeline.print("keda: StreamIsActive -> " + active + (active ? "   (KEDA would scale 0 -> 1 now)" : ""));
                    }
                }
                if (!closed) {
                    Timeline.print("keda: StreamIsActive ended: " + stream.end().join().getCode());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-keda-stream");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void poll() {
        String answer;
        try {
            KedaLikeClient.Poll poll = keda.poll(ref);
            answer = String.format("desired=%.0f active=%s", poll.value(), poll.active());
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            answer = status.getCode() + ": " + status.getDescription();
        }
        Timeline.print("keda: poll -> " + answer + "   | explain: " + explanation());
    }

    /** Each signal's status and figures from the scaler's explain view, e.g. {@code kafka measured lag=120 desired=3 active=true}. */
    private String explanation() {
        try {
            JsonNode trackers = JSON.readTree(scaler.httpGet("/explain/default/demo"));
            StringJoiner text = new StringJoiner("; ");
            for (JsonNode signal : trackers.path(0).path("signals")) {
                StringJoiner figures = new StringJoiner(" ");
                figures.add(signal.path("signal").asText()).add(signal.path("status").asText());
                if (signal.hasNonNull("value")) {
                    figures.add("lag=" + signal.path("details").path("lag").asText("?"));
                    figures.add("desired=" + signal.path("desiredReplicas").asText("?"));
                    figures.add("active=" + signal.path("active").asText("?"));
                }
                if (signal.hasNonNull("lastError")) {
                    figures.add("(last error: " + signal.path("lastError").asText() + ")");
                }
                text.add(figures.toString());
            }
            return text.length() == 0 ? trackers.toString() : text.toString();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        keda.close();
    }
}
