package io.fusionscaler.bench;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.TriggerContext;
import io.fusionscaler.signal.TriggerMetadata;
import io.fusionscaler.signal.queue.PodLookup;
import io.fusionscaler.signal.queue.QueueDepthSource;
import io.fusionscaler.signal.queue.QueuePod;
import io.fusionscaler.signal.queue.QueuePods;
import io.fusionscaler.signal.queue.QueueTrigger;
import io.fusionscaler.signal.queue.QueueTriggerParser;
import io.fusionscaler.signal.queue.TestQueueConfig;
import io.fusionscaler.target.PodSelector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Part 4: scraping pods' metrics pages. Pods are Vert.x HTTP servers on loopback addresses 127.0.0.2, ... (one event
 * loop of their own), each serving the same real page written by the Prometheus Java client (a queue-depth gauge and
 * the standard gRPC counters for four methods, a latency histogram). The queue source refreshes one namespace lane
 * with two triggers over all pods (a gauge trigger and a started − handled trigger, sharing each page) back to back,
 * on a Vert.x instance with one event loop, exactly as the engine calls it: scrape over kept-alive connections,
 * strict parse, aggregation. Reported: scrapes per second of wall time, and scrapes per CPU second of the scraping
 * side (the process's CPU time minus the pod servers' threads), i.e. what one core sustains; and the same without the
 * JIT compiler threads, whose share is what the warm-up left still to compile (on a shared machine C2 takes far longer
 * than the warm-up to settle), not a cost per scrape.
 */
final class ScrapeBenchmark {

    private final BenchConfig config;
    private final Report report;

    ScrapeBenchmark(BenchConfig config, Report report) {
        this.config = config;
        this.report = report;
    }

    void run() throws Exception {
        int podCount = config.scrapePods();
        if (podCount < 1 || podCount > 250) {
            throw new IllegalArgumentException("bench.scrape.pods must be 1-250 (one loopback address each)");
        }
        String page = page();
        report.line("4. Scraping pods: %d pods (127.0.0.2-127.0.0.%d, one kept-alive connection each), page of %d bytes"
                + " (Prometheus client text), two queue triggers per refresh sharing each page", podCount, podCount + 1, page.length());
        Set<Long> serverThreads = ConcurrentHashMap.newKeySet();
        Vertx podsVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx scraperVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            int port = startPods(podsVertx, podCount, Buffer.buffer(page), serverThreads);
            List<QueuePod> pods = new ArrayList<>();
            for (int i = 0; i < podCount; i++) {
                pods.add(new QueuePod("pod-" + i, "127.0.0." + (2 + i), QueuePod.State.RUNNING));
            }
            TestQueueConfig defaults = TestQueueConfig.defaults();
            TestQueueConfig settings = new TestQueueConfig(defaults.refreshInterval(), Duration.ofSeconds(30), Duration.ofSeconds(30),
                    Duration.ofSeconds(10), 64, defaults.maxResponseSize(), defaults.tlsCaFile(), defaults.tlsInsecure());
            QueueDepthSource source = new QueueDepthSource(settings, selected(pods), Clock.systemUTC(), scraperVertx);
            Set<QueueTrigger> lane = Set.of(trigger(port, Map.of("queueMetric", "grpc_server_queue_depth")),
                    trigger(port, Map.of("queueMetric", "grpc_server_started_total", "queueMetricSubtract", "grpc_server_handled_total")));

            long loopThread = eventLoopThread(scraperVertx);
            Report.progress("warming up for %d s", config.scrapeWarmup().toSeconds());
            measure(source, lane, settings, podCount, config.scrapeWarmup(), serverThreads, loopThread);
            Measured measured = measure(source, lane, settings, podCount, config.scrapeMeasure(), serverThreads, loopThread);
            report.line("   %d refreshes, %d scrapes in %.1f s: **%,.0f scrapes/s** wall (one event loop and one refresh thread;"
                            + " pod servers on the same cores), **%,.0f scrapes per CPU second** of the scraping side"
                            + " (%.2f cores used; pod servers' %.2f cores excluded), %,.0f per CPU second without the JIT compiler"
                            + " threads (%.2f of those cores); per scrape %.1f µs CPU on the event loop and %.1f µs on the refresh"
                            + " thread; refresh of %d pods p50 %.1f ms, p99 %.1f ms; failed outcomes: %d",
                    measured.refreshes, measured.scrapes, measured.seconds,
                    measured.scrapes / measured.seconds, measured.scrapes / measured.scraperCpuSeconds,
                    measured.scraperCpuSeconds / measured.seconds, measured.serverCpuSeconds / measured.seconds,
                    measured.scrapes / (measured.scraperCpuSeconds - measured.compilerCpuSeconds),
                    measured.compilerCpuSeconds / measured.seconds, measured.loopCpuSeconds * 1e6 / measured.scrapes,
                    measured.refreshCpuSeconds * 1e6 / measured.scrapes, podCount,
                    Stats.percentile(measured.refreshMillis, 0.5), Stats.percentile(measured.refreshMillis, 0.99), measured.failures);
        } finally {
            scraperVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            podsVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private record Measured(long refreshes, long scrapes, double seconds, double scraperCpuSeconds, double serverCpuSeconds,
                            double compilerCpuSeconds, double loopCpuSeconds, double refreshCpuSeconds, double[] refreshMillis,
                            long failures) {
    }

    private static Measured measure(QueueDepthSource source, Set<QueueTrigger> lane, TestQueueConfig settings, int podCount,
                                    Duration length, Set<Long> serverThreads, long loopThread) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long server0 = threadsCpu(threads, serverThreads);
        double compiler0 = compilerCpuSeconds();
        long loop0 = threads.getThreadCpuTime(loopThread);
        long refresh0 = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Double> refreshMillis = new ArrayList<>();
        long failures = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            Map<QueueTrigger, SignalOutcome> outcomes = source.refresh(lane, RefreshDeadline.after(settings.refreshBudget()));
            refreshMillis.add((System.nanoTime() - t0) / 1e6);
            failures += outcomes.values().stream().filter(o -> !(o instanceof SignalOutcome.Measured m)
                    || m.reading().coverage().covered() != podCount).count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double serverCpu = (threadsCpu(threads, serverThreads) - server0) / 1e9;
        double scraperCpu = (os.getProcessCpuTime() - cpu0) / 1e9 - serverCpu;
        return new Measured(refreshMillis.size(), (long) refreshMillis.size() * podCount, seconds, scraperCpu, serverCpu,
                compilerCpuSeconds() - compiler0, (threads.getThreadCpuTime(loopThread) - loop0) / 1e9,
                (threads.getCurrentThreadCpuTime() - refresh0) / 1e9, Stats.sorted(refreshMillis), failures);
    }

    /** The id of the scraper's only event loop thread (the refresh thread is this one). */
    private static long eventLoopThread(Vertx vertx) throws Exception {
        CompletableFuture<Long> id = new CompletableFuture<>();
        vertx.runOnContext(v -> id.complete(Thread.currentThread().getId()));
        return id.get(30, TimeUnit.SECONDS);
    }

    private static double compilerCpuSeconds() {
        return ProcFs.threadsCpuSeconds("C1 Compiler") + ProcFs.threadsCpuSeconds("C2 Compiler");
    }

    private static long threadsCpu(ThreadMXBean threads, Set<Long> ids) {
        return ids.stream().mapToLong(threads::getThreadCpuTime).filter(t -> t > 0).sum();
    }

    private static QueueTrigger trigger(int port, Map<String, String> metadata) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(metadata);
        all.put("queuePort", String.valueOf(port));
        all.put("queuePodSelector", "app=gateway");
        return new QueueTriggerParser().parse(new TriggerContext("bench", "ranker", new TriggerMetadata(all)));
    }

    private static QueuePods selected(List<QueuePod> pods) {
        return new QueuePods() {
            @Override
            public PodLookup targetPods(String namespace, String scaledObject, RefreshDeadline deadline) {
                return new PodLookup.Unknown("the benchmark selects its pods");
            }

            @Override
            public PodLookup selectedPods(String namespace, PodSelector selector, RefreshDeadline deadline) {
                return new PodLookup.Found(pods, OptionalInt.empty());
            }
        };
    }

    /** One server per pod address, all on one port (found by binding the first to port 0). */
    private static int startPods(Vertx vertx, int count, Buffer page, Set<Long> serverThreads) throws Exception {
        int port = 0;
        for (int i = 0; i < count; i++) {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> {
                serverThreads.add(Thread.currentThread().getId());
                request.response().putHeader("Content-Type", TextFormat.CONTENT_TYPE_004).end(page);
            }).listen(port, "127.0.0." + (2 + i)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            port = server.actualPort();
        }
        return port;
    }

    /** What a busy inference server exposes: depth per method, the standard gRPC counters, a latency histogram. */
    private static String page() throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        Gauge depth = Gauge.build("grpc_server_queue_depth", "Requests waiting for a worker.")
                .labelNames("grpc_service", "grpc_method").register(registry);
        Counter started = Counter.build("grpc_server_started", "RPCs started on the server.")
                .labelNames("grpc_type", "grpc_service", "grpc_method").register(registry);
        Counter handled = Counter.build("grpc_server_handled", "RPCs completed on the server.")
                .labelNames("grpc_type", "grpc_service", "grpc_method", "grpc_code").register(registry);
        Histogram latency = Histogram.build("grpc_server_handling_seconds", "Response latency of handled RPCs.")
                .labelNames("grpc_service", "grpc_method").register(registry);
        String[] methods = {"Predict", "Embed", "Classify", "Rank"};
        for (int m = 0; m < methods.length; m++) {
            depth.labels("model.Inference", methods[m]).set(m * 3);
            started.labels("unary", "model.Inference", methods[m]).inc(10_000 + m);
            handled.labels("unary", "model.Inference", methods[m], "OK").inc(9_990);
            latency.labels("model.Inference", methods[m]).observe(0.02 * (m + 1));
        }
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.toString();
    }
}
