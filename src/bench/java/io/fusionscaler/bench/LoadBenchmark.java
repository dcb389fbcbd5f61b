package io.fusionscaler.bench;

import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.ScalerProcess;
import io.fusionscaler.testing.broker.KafkaBroker;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Part 1: GetMetrics throughput and latency over loopback, the packaged scaler (answering from a tracker fed by a
 * real broker) against a bare grpc-java server answering a constant, with the same client code for both.
 */
final class LoadBenchmark {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 20;
    private static final int COMMITTED = 5;

    private final BenchConfig config;
    private final Report report;
    private final KafkaBroker broker;
    private final ScalerProcess scaler;

    LoadBenchmark(BenchConfig config, Report report, KafkaBroker broker, ScalerProcess scaler) {
        this.config = config;
        this.report = report;
        this.broker = broker;
        this.scaler = scaler;
    }

    void run() throws Exception {
        String measured = config.loadCalls() > 0
                ? Stats.f("%d calls (at most %d s)", config.loadCalls(), config.loadMeasure().toSeconds())
                : Stats.f("%d s", config.loadMeasure().toSeconds());
        report.line("1. GetMetrics over loopback: %d concurrent callers on one shared channel (blocking stubs, 3 s HPA"
                        + " deadline), %d ScaledObjects in turn, warm-up %d s, measured %s",
                config.loadCallers(), config.loadScaledObjects(), config.loadWarmup().toSeconds(), measured);

        Map<String, String> trigger = prepareLag();
        GetMetricsLoad.Result ours;
        try (KedaLikeClient keda = new KedaLikeClient("127.0.0.1", scaler.grpcPort())) {
            List<GetMetricsRequest> requests = requests(keda, trigger);
            double value = awaitAnswers(keda, requests);
            report.line("   ours: a Kafka trigger (%d partitions, lag %d, lagThreshold 10) on a real broker; GetMetrics answers %.0f",
                    PARTITIONS, PARTITIONS * (RECORDS - COMMITTED), value);
            Report.progress("measuring the scaler");
            ours = new GetMetricsLoad(keda, requests, config.loadCallers())
                    .run(config.loadWarmup(), config.loadMeasure(), config.loadCalls(), scaler.pid());
        }
        GetMetricsLoad.Result bare;
        try (BareServerProcess server = BareServerProcess.start(List.of());
             KedaLikeClient keda = new KedaLikeClient("127.0.0.1", server.port())) {
            List<GetMetricsRequest> requests = requests(keda, trigger);
            awaitAnswers(keda, requests);
            Report.progress("measuring the bare grpc-java server");
            bare = new GetMetricsLoad(keda, requests, config.loadCallers())
                    .run(config.loadWarmup(), config.loadMeasure(), config.loadCalls(), server.pid());
        }

        report.line("   %-22s %9s %7s %10s %8s %8s %8s %8s %13s", "server", "calls", "errors", "calls/s",
                "p50 ms", "p90 ms", "p99 ms", "max ms", "srv CPU ms/1k");
        row("fusion-scaler (ours)", ours);
        row("bare grpc-java", bare);
        report.line("   ratio ours/bare: throughput %.2fx, p50 latency %.2fx, p99 latency %.2fx, server CPU per call %.2fx",
                ours.throughput() / bare.throughput(),
                ours.percentileMillis(0.50) / bare.percentileMillis(0.50),
                ours.percentileMillis(0.99) / bare.percentileMillis(0.99),
                ours.serverCpuMillisPerThousand() / bare.serverCpuMillisPerThousand());
        if (ours.firstError() != null) {
            report.line("   first error (ours): %s", ours.firstError());
        }
        if (bare.firstError() != null) {
            report.line("   first error (bare): %s", bare.firstError());
        }
    }

    private void row(String name, GetMetricsLoad.Result r) {
        report.line("   %-22s %9d %7d %10.0f %8.3f %8.3f %8.3f %8.3f %13.1f", name, r.calls(), r.errors(), r.throughput(),
                r.percentileMillis(0.50), r.percentileMillis(0.90), r.percentileMillis(0.99), r.percentileMillis(1.0),
                r.serverCpuMillisPerThousand());
    }

    /** A group with lag on a 3-partition topic; returns the trigger metadata. */
    private Map<String, String> prepareLag() {
        try (KafkaTestData data = KafkaTestData.forBroker(broker)) {
            String topic = KafkaTestData.uniqueTopic("bench-load");
            String group = KafkaTestData.uniqueGroup("bench-load");
            data.createTopic(topic, PARTITIONS);
            Map<TopicPartition, Long> commits = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                data.produce(topic, p, RECORDS);
                commits.put(new TopicPartition(topic, p), (long) COMMITTED);
            }
            data.commitOffsets(group, commits);
            return Map.of("bootstrapServers", broker.bootstrapServers(), "consumerGroup", group, "topic", topic,
                    "lagThreshold", "10");
        }
    }

    /** GetMetricSpec for each ScaledObject, as KEDA does first, then the GetMetrics request with the name it returned. */
    private List<GetMetricsRequest> requests(KedaLikeClient keda, Map<String, String> trigger) {
        List<GetMetricsRequest> requests = new ArrayList<>();
        for (int i = 0; i < config.loadScaledObjects(); i++) {
            ScaledObjectRef ref = keda.ref("bench", "load-" + i, trigger);
            GetMetricSpecResponse spec = keda.pollStub().getMetricSpec(ref);
            requests.add(GetMetricsRequest.newBuilder().setScaledObjectRef(ref)
                    .setMetricName(spec.getMetricSpecs(0).getMetricName()).build());
        }
        return requests;
    }

    /** Waits until every request is answered (the trackers have data); returns the first value. */
    static double awaitAnswers(KedaLikeClient keda, List<GetMetricsRequest> requests) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double value = Double.NaN;
        String lastError = null;
        for (GetMetricsRequest request : requests) {
            while (true) {
                try {
                    double v = KedaLikeClient.kedaValue(keda.hpaStub().getMetrics(request));
                    if (Double.isNaN(value)) {
                        value = v;
                    }
                    break;
                } catch (RuntimeException e) {
                    lastError = e.toString();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("GetMetrics did not answer within 60 s: " + lastError);
                }
                Thread.sleep(200);
            }
        }
        return value;
    }
}
