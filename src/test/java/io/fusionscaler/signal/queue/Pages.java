package io.fusionscaler.signal.queue;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Real exposition pages, written by the Prometheus Java client's own text writer (simpleclient, as many gRPC servers
 * expose their metrics), with the metric names of go-grpc-prometheus / java-grpc-prometheus and some company around
 * them.
 */
public final class Pages {

    public static final String DEPTH = "grpc_server_queue_depth";
    static final String STARTED = "grpc_server_started_total";
    static final String HANDLED = "grpc_server_handled_total";

    private Pages() {
    }

    /** A gauge per method: {@code grpc_server_queue_depth{grpc_service, grpc_method}}; depths for methods Predict, Embed, ... */
    public static String queueDepth(double... depthPerMethod) {
        CollectorRegistry registry = withCompany();
        Gauge depth = Gauge.build(DEPTH, "Requests waiting for a worker.").labelNames("grpc_service", "grpc_method").register(registry);
        for (int i = 0; i < depthPerMethod.length; i++) {
            depth.labels("model.Inference", method(i)).set(depthPerMethod[i]);
        }
        return write(registry);
    }

    /** The standard counters for one method, Predict: started, and handled split over two codes (handled = ok + failed). */
    static String counters(double started, double handledOk, double handledFailed) {
        CollectorRegistry registry = withCompany();
        Counter startedTotal = Counter.build("grpc_server_started", "RPCs started on the server.")
                .labelNames("grpc_type", "grpc_service", "grpc_method").register(registry);
        Counter handledTotal = Counter.build("grpc_server_handled", "RPCs completed on the server, whatever the status.")
                .labelNames("grpc_type", "grpc_service", "grpc_method", "grpc_code").register(registry);
        startedTotal.labels("unary", "model.Inference", "Predict").inc(started);
        handledTotal.labels("unary", "model.Inference", "Predict", "OK").inc(handledOk);
        handledTotal.labels("unary", "model.Inference", "Predict", "UNAVAILABLE").inc(handledFailed);
        return write(registry);
    }

    private static String method(int index) {
        String[] methods = {"Predict", "Embed", "Classify", "Rank"};
        return index < methods.length ? methods[index] : "Method" + index;
    }

    private static CollectorRegistry withCompany() {
        CollectorRegistry registry = new CollectorRegistry();
        Gauge.build("process_open_fds", "Number of open file descriptors.").register(registry).set(42);
        Histogram latency = Histogram.build("grpc_server_handling_seconds", "Response latency of handled RPCs.")
                .labelNames("grpc_service", "grpc_method").buckets(0.005, 0.05, 0.5, 5).register(registry);
        latency.labels("model.Inference", "Predict").observe(0.12);
        return registry;
    }

    static String write(CollectorRegistry registry) {
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
