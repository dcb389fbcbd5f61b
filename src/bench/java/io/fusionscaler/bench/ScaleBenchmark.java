package io.fusionscaler.bench;

import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.ScalerProcess;
import io.fusionscaler.testing.broker.KafkaBroker;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Part 3: the refresh at scale. A broker of its own with many partitions (default 100 topics x 100 partitions), one
 * group per topic with commits behind the log end, and many ScaledObjects (default 1,000, ten per group). Once all
 * answer GetMetrics, the scaler's CPU is measured in a quiet window (what refreshing costs), then its own figures are
 * sampled from /q/metrics twice a second: the slowest recent lane refresh and the Kafka refresh timer, with the
 * scaler's resident memory, CPU use, and what each scrape of its metrics costs.
 */
final class ScaleBenchmark {

    /** One refresh of one lane (source, cluster); summed over the lanes. */
    static final String KAFKA_TIMER = "fusion_source_refresh_duration_seconds";
    static final String TRACKERS = "fusion_trackers";

    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(180);
    private static final long SAMPLE_MILLIS = 500;

    private final BenchConfig config;
    private final Report report;

    ScaleBenchmark(BenchConfig config, Report report) {
        this.config = config;
        this.report = report;
    }

    void run() throws Exception {
        int topics = config.scaleTopics();
        int partitions = config.scalePartitions();
        int scaledObjects = config.scaleScaledObjects();
        if (topics == 0 || partitions == 0 || scaledObjects == 0) {
            throw new IllegalArgumentException("bench.scale.topics, .partitions and .scaledObjects must be > 0");
        }
        report.line("3. Refresh at scale: %d ScaledObjects over %d consumer groups and %d partitions (%d topics x %d,"
                        + " one group per topic, %d ScaledObjects per group), refresh interval 1 s (default)%s",
                scaledObjects, topics, topics * partitions, topics, partitions, (scaledObjects + topics - 1) / topics,
                config.scaleIdle() ? "; every group committed at the log end: all idle, so all watched for wake-ups" : "");
        Report.progress("starting a Kafka broker with heap %s for %d partitions", config.scaleBrokerHeap(), topics * partitions);
        KafkaBroker.Options options = KafkaBrokerResource.options().maxHeap(config.scaleBrokerHeap())
                .startupTimeout(Duration.ofSeconds(120));
        try (KafkaBroker broker = KafkaBroker.start(options);
             KafkaTestData data = KafkaTestData.forBroker(broker)) {
            List<String> topicNames = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            for (int t = 0; t < topics; t++) {
                topicNames.add(KafkaTestData.uniqueTopic(Stats.f("bench-scale-%03d", t)));
                groups.add(KafkaTestData.uniqueGroup(Stats.f("bench-scale-%03d", t)));
            }
            long t0 = System.nanoTime();
            createTopics(data, topicNames, partitions);
            long t1 = System.nanoTime();
            long records = produce(broker, topicNames, partitions);
            long t2 = System.nanoTime();
            long committed = config.scaleIdle() ? config.scaleRecordsPerPartition() : config.scaleRecordsPerPartition() / 2;
            for (int t = 0; t < topics; t++) {
                Map<TopicPartition, Long> commits = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    commits.put(new TopicPartition(topicNames.get(t), p), committed);
                }
                data.commitOffsets(groups.get(t), commits);
            }
            long t3 = System.nanoTime();
            report.line("   setup: created %d partitions in %.1f s (batches of %d topics), produced %d records in %.1f s,"
                            + " committed %d groups in %.1f s", topics * partitions, (t1 - t0) / 1e9,
                    config.scaleTopicBatch(), records, (t2 - t1) / 1e9, topics, (t3 - t2) / 1e9);

            Report.progress("starting the packaged scaler");
            try (ScalerProcess scaler = ScalerProcess.start(config.scalerJvmArgs().toArray(String[]::new));
                 KedaLikeClient keda = new KedaLikeClient("127.0.0.1", scaler.grpcPort())) {
                measure(broker, scaler, keda, topicNames, groups, committed);
            }
        }
    }

    private void measure(KafkaBroker broker, ScalerProcess scaler, KedaLikeClient keda, List<String> topicNames,
                         List<String> groups, long committed) throws Exception {
        int topics = topicNames.size();
        int partitions = config.scalePartitions();
        double idleRss = ProcFs.statusMib(scaler.pid(), "VmRSS");

        long r0 = System.nanoTime();
        List<GetMetricsRequest> requests = new ArrayList<>();
        for (int i = 0; i < config.scaleScaledObjects(); i++) {
            int t = i % topics;
            ScaledObjectRef ref = keda.ref("bench", Stats.f("scale-%03d-%03d", t, i / topics), Map.of(
                    "bootstrapServers", broker.bootstrapServers(), "consumerGroup", groups.get(t),
                    "topic", topicNames.get(t), "lagThreshold", "10"));
            GetMetricSpecResponse spec = keda.pollStub().getMetricSpec(ref);
            requests.add(GetMetricsRequest.newBuilder().setScaledObjectRef(ref)
                    .setMetricName(spec.getMetricSpecs(0).getMetricName()).build());
        }
        long r1 = System.nanoTime();
        Map<Double, Integer> values = awaitAll(keda, requests);
        long r2 = System.nanoTime();
        long lagPerGroup = partitions * (config.scaleRecordsPerPartition() - committed);
        report.line("   registered %d ScaledObjects (GetMetricSpec) in %.1f s; all answered GetMetrics %.1f s later;"
                        + " values seen %s (expected ceil(%d lag / 10) capped at %d partitions)",
                requests.size(), (r1 - r0) / 1e9, (r2 - r1) / 1e9, values, lagPerGroup, partitions);

        double quietCpuShare = measureQuietly(scaler);

        Report.progress("sampling /q/metrics for %d s", config.scaleSample().toSeconds());
        PrometheusText first = new PrometheusText(scaler.httpGet("/q/metrics"));
        double cpuBefore = ProcFs.cpuSeconds(scaler.pid());
        long start = System.nanoTime();
        long end = start + config.scaleSample().toNanos();
        List<Double> slowestRecent = new ArrayList<>();
        List<Double> scrapeMillis = new ArrayList<>();
        double lastCount = first.sum(KAFKA_TIMER + "_count");
        PrometheusText last = first;
        double maxRss = ProcFs.statusMib(scaler.pid(), "VmRSS");
        while (System.nanoTime() < end) {
            Thread.sleep(SAMPLE_MILLIS);
            long s0 = System.nanoTime();
            PrometheusText now = new PrometheusText(scaler.httpGet("/q/metrics"));
            scrapeMillis.add((System.nanoTime() - s0) / 1e6);
            double count = now.sum(KAFKA_TIMER + "_count");
            if (count != lastCount) { // a lane refresh ended since the previous sample: the slowest recent one
                slowestRecent.add(now.max(KAFKA_TIMER + "_max"));
                lastCount = count;
            }
            maxRss = Math.max(maxRss, ProcFs.statusMib(scaler.pid(), "VmRSS"));
            last = now;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcFs.cpuSeconds(scaler.pid()) - cpuBefore;

        double[] sortedSlowest = Stats.sorted(slowestRecent);
        double[] sortedScrapes = Stats.sorted(scrapeMillis);
        double refreshes = last.sum(KAFKA_TIMER + "_count") - first.sum(KAFKA_TIMER + "_count");
        double refreshSeconds = last.sum(KAFKA_TIMER + "_sum") - first.sum(KAFKA_TIMER + "_sum");
        report.line("   trackers (fusion_trackers): %.0f", last.sum(TRACKERS));
        report.line("   slowest recent lane refresh (%s_max, one value per sample with a new refresh, %d samples in %.0f s):"
                        + " p50 %.0f ms, max %.0f ms", KAFKA_TIMER, slowestRecent.size(), seconds, Stats.percentile(sortedSlowest, 0.5) * 1e3,
                Stats.percentile(sortedSlowest, 1.0) * 1e3);
        report.line("   Kafka refresh timer (%s) over the window: %.0f refreshes, mean %.0f ms; timer max (recent window) %.0f ms;"
                        + " since start: %.0f refreshes, mean %.0f ms", KAFKA_TIMER, refreshes,
                refreshes > 0 ? refreshSeconds / refreshes * 1e3 : Double.NaN, last.max(KAFKA_TIMER + "_max") * 1e3,
                last.sum(KAFKA_TIMER + "_count"),
                last.sum(KAFKA_TIMER + "_sum") / last.sum(KAFKA_TIMER + "_count") * 1e3);
        report.line("   scaler process: RSS %.0f MiB now, %.0f MiB max while sampling, peak (VmHWM) %.0f MiB, %.0f MiB"
                        + " before the ScaledObjects; CPU %.0f %% of one core over the window",
                ProcFs.statusMib(scaler.pid(), "VmRSS"), maxRss, ProcFs.statusMib(scaler.pid(), "VmHWM"), idleRss,
                cpu / seconds * 100);
        report.line("   /q/metrics: %.0f KiB, scrape p50 %.0f ms; the sampling's own cost: scaler CPU about %.0f ms per scrape"
                        + " (CPU over this window beyond the quiet window's share, per scrape)",
                last.length() / 1024.0, Stats.percentile(sortedScrapes, 0.5),
                (cpu - quietCpuShare * seconds) / scrapeMillis.size() * 1e3);
        report.line("   wake-up watch: %.0f partitions watched, %.0f left out by the cap, %.0f wake-ups",
                last.sum("fusion_kafka_wake_watched_partitions"), last.sum("fusion_kafka_wake_unwatched_partitions"),
                last.sum("fusion_kafka_wake_ups_total"));
        double errors = last.sum("fusion_source_refresh_errors_total");
        if (!Double.isNaN(errors) && errors > 0) {
            report.line("   Kafka refresh errors since start: %.0f", errors);
        }
    }

    /**
     * The refresh's own cost: a window as long as the sampled one in which /q/metrics is read only at both ends (a
     * Prometheus server scrapes every 15-60 s; the sampling below every half second). Returns the scaler's CPU share.
     */
    private double measureQuietly(ScalerProcess scaler) throws Exception {
        Report.progress("quiet window: %d s without reading /q/metrics", config.scaleSample().toSeconds());
        PrometheusText first = new PrometheusText(scaler.httpGet("/q/metrics"));
        double cpuBefore = ProcFs.cpuSeconds(scaler.pid());
        long start = System.nanoTime();
        Thread.sleep(config.scaleSample().toMillis());
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuShare = (ProcFs.cpuSeconds(scaler.pid()) - cpuBefore) / seconds;
        PrometheusText last = new PrometheusText(scaler.httpGet("/q/metrics"));
        double refreshes = last.sum(KAFKA_TIMER + "_count") - first.sum(KAFKA_TIMER + "_count");
        double refreshSeconds = last.sum(KAFKA_TIMER + "_sum") - first.sum(KAFKA_TIMER + "_sum");
        report.line("   quiet window (%.0f s, /q/metrics read at its ends only): %.0f lane refreshes, mean %.0f ms;"
                        + " scaler CPU %.0f %% of one core; RSS %.0f MiB", seconds, refreshes,
                refreshes > 0 ? refreshSeconds / refreshes * 1e3 : Double.NaN, cpuShare * 100,
                ProcFs.statusMib(scaler.pid(), "VmRSS"));
        return cpuShare;
    }

    /** Calls GetMetrics for every ScaledObject until each has answered once; returns value -> how many answered it. */
    static Map<Double, Integer> awaitAll(KedaLikeClient keda, List<GetMetricsRequest> requests) throws InterruptedException {
        Map<Double, Integer> values = new LinkedHashMap<>();
        List<GetMetricsRequest> pending = new ArrayList<>(requests);
        long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
        String lastError = null;
        while (!pending.isEmpty()) {
            List<GetMetricsRequest> still = new ArrayList<>();
            for (GetMetricsRequest request : pending) {
                try {
                    values.merge(KedaLikeClient.kedaValue(keda.hpaStub().getMetrics(request)), 1, Integer::sum);
                } catch (RuntimeException e) {
                    lastError = e.toString();
                    still.add(request);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(pending.size() + " ScaledObjects still without an answer after "
                            + SETUP_TIMEOUT.toSeconds() + " s, last error: " + lastError);
                }
                Thread.sleep(200);
            }
        }
        return values;
    }

    private void createTopics(KafkaTestData data, List<String> topicNames, int partitions) throws Exception {
        int batch = Math.max(1, config.scaleTopicBatch());
        for (int from = 0; from < topicNames.size(); from += batch) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : topicNames.subList(from, Math.min(topicNames.size(), from + batch))) {
                topics.add(new NewTopic(name, partitions, (short) 1));
            }
            data.admin().createTopics(topics).all().get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Report.progress("created %d of %d topics", Math.min(topicNames.size(), from + batch), topicNames.size());
        }
    }

    /** Produces the same number of small records to every partition; returns how many. */
    private long produce(KafkaBroker broker, List<String> topicNames, int partitions) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(ProducerConfig.ACKS_CONFIG, "1");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SETUP_TIMEOUT.toMillis());
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        long count = 0;
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (String topic : topicNames) {
                for (int p = 0; p < partitions; p++) {
                    for (int n = 0; n < config.scaleRecordsPerPartition(); n++) {
                        sends.add(producer.send(new ProducerRecord<>(topic, p, null,
                                (topic + "-" + p + "-" + n).getBytes(StandardCharsets.UTF_8))));
                        count++;
                    }
                }
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        return count;
    }
}
