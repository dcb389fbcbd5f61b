package io.fusionscaler.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.keda.proto.GetMetricSpecResponse;
import io.fusionscaler.keda.proto.GetMetricsRequest;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.cpu.CpuConfig;
import io.fusionscaler.signal.cpu.CpuTrigger;
import io.fusionscaler.signal.cpu.CpuUtilizationSource;
import io.fusionscaler.signal.hpa.PodMetricsReader;
import io.fusionscaler.signal.hpa.ResourceSignals;
import io.fusionscaler.target.InformerTargetDiscovery;
import io.fusionscaler.target.TargetLookup;
import io.fusionscaler.target.TestTargetConfig;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.KubeObjects;
import io.fusionscaler.testing.MockKubernetes;
import io.fusionscaler.testing.ScalerProcess;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Part 4: target discovery and the CPU signal at scale, in process against the fabric8 mock API server (CRUD mode):
 * {@code count} ScaledObjects, each on a Deployment of {@code podsPerTarget} pods with PodMetrics, spread over
 * {@code namespaces} namespaces. It measures the initial sync, the refresh time of every CPU lane (one per namespace,
 * on 8 workers like the engine), the API requests one refresh makes after the sync, the heap the watch caches hold,
 * the CPU the refresh costs on the scaler side, and, in one namespace, one PodMetrics list against one filtered list
 * per target. The mock server runs in the same JVM, so its own work is in the process figures; the per-thread CPU of a
 * sequential round isolates the scaler's share (its client-side JSON reading included). Last, the packaged scaler as a
 * process of its own against the same server, with every target's cpu trigger: its RSS, CPU and API requests.
 */
final class TargetsBenchmark {

    /** Sizes, from {@code -Dbench.targets.*}. */
    record Sizes(int count, int podsPerTarget, int namespaces, int rounds) {
        static Sizes fromSystemProperties() {
            return new Sizes(Integer.getInteger("bench.targets.count", 100), Integer.getInteger("bench.targets.podsPerTarget", 20),
                    Integer.getInteger("bench.targets.namespaces", 10), Integer.getInteger("bench.targets.rounds", 5));
        }
    }

    /**
     * The product's CPU settings ({@code fusion.cpu.*} defaults): a lane lists its namespace's PodMetrics once per
     * refresh and reuses the list for all its targets for half the interval.
     */
    private record BenchCpuConfig(Duration refreshInterval, Duration refreshBudget, Duration stalenessLimit, double tolerance,
                                  Duration initializationPeriod, Duration initialReadinessDelay) implements CpuConfig {
    }

    private static final Instant STARTED = Instant.now().minus(Duration.ofHours(1));
    private static final Duration PACKAGED_WINDOW = Duration.ofSeconds(30);
    private static final String PACKAGED_STALENESS_LIMIT = "1h";

    private final Sizes sizes;
    private final Report report;

    TargetsBenchmark(Sizes sizes, Report report) {
        this.sizes = sizes;
        this.report = report;
    }

    void run() throws Exception {
        report.line("4. Target discovery and the cpu signal: %d ScaledObjects x %d pods over %d namespaces (mock API server, in process)",
                sizes.count(), sizes.podsPerTarget(), sizes.namespaces());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (MockKubernetes kube = new MockKubernetes()) {
            long seedStart = System.nanoTime();
            Map<String, List<CpuTrigger>> lanes = seed(kube.client());
            long seeded = sizes.count() * (2 + 2L * sizes.podsPerTarget());
            report.line("   seeded %d objects in %.1f s", seeded, seconds(seedStart));
            kube.takeRequests();

            long heapBefore = usedHeapAfterGc();
            KubernetesClient client = kube.newClient();
            InformerTargetDiscovery discovery = new InformerTargetDiscovery(client, TestTargetConfig.defaults(), Clock.systemUTC());
            discovery.start();
            try {
                long syncStart = System.nanoTime();
                awaitAllFound(discovery, lanes);
                report.line("   initial sync (every target found with its pods): %.1f s; requests: %d", seconds(syncStart),
                        kube.takeRequests().size());
                long heapAfter = usedHeapAfterGc();
                report.line("   heap held by the watch caches: %.1f MiB (%.0f bytes per pod)", (heapAfter - heapBefore) / 1048576.0,
                        (double) (heapAfter - heapBefore) / (sizes.count() * (long) sizes.podsPerTarget()));

                Clock clock = Clock.systemUTC();
                BenchCpuConfig cpuConfig = new BenchCpuConfig(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(60), 0.1,
                        Duration.ofMinutes(5), Duration.ofSeconds(30));
                // rounds run back to back, each as the next interval: the PodMetrics reuse window sees them an interval apart
                SteppedClock metricsClock = new SteppedClock();
                CpuUtilizationSource source = new CpuUtilizationSource(cpuConfig,
                        new ResourceSignals(discovery, new PodMetricsReader(client, metricsClock), clock));
                ExecutorService workers = Executors.newFixedThreadPool(8);
                try {
                    List<Double> roundSeconds = new ArrayList<>();
                    int measured = 0;
                    for (int round = 0; round < sizes.rounds(); round++) {
                        metricsClock.step(cpuConfig.refreshInterval());
                        long start = System.nanoTime();
                        measured = refreshAll(source, lanes, workers);
                        roundSeconds.add(seconds(start));
                    }
                    double[] sorted = Stats.sorted(roundSeconds);
                    report.line("   refresh of every cpu lane (%d lanes on 8 workers): p50 %.0f ms, max %.0f ms over %d rounds; %d of %d targets measured",
                            lanes.size(), Stats.percentile(sorted, 0.5) * 1000, sorted[sorted.length - 1] * 1000, sizes.rounds(), measured, sizes.count());
                    List<String> requests = kube.takeRequests();
                    Map<String, Long> byKind = requests.stream().collect(Collectors.groupingBy(TargetsBenchmark::kind, Collectors.counting()));
                    report.line("   API requests per refresh round after the sync: %.1f (%s)", (double) requests.size() / sizes.rounds(), byKind);
                    report.line("   process RSS %.0f MiB, peak %.0f MiB (includes the mock API server and the %d objects it stores)",
                            ProcFs.statusMib(ProcessHandle.current().pid(), "VmRSS"), ProcFs.statusMib(ProcessHandle.current().pid(), "VmHWM"),
                            seeded);

                    metricsClock.step(cpuConfig.refreshInterval());
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long wallStart = System.nanoTime();
                    for (Map.Entry<String, List<CpuTrigger>> lane : lanes.entrySet()) {
                        source.refresh(Set.copyOf(lane.getValue()), RefreshDeadline.after(Duration.ofSeconds(60)));
                    }
                    report.line("   one sequential round on one thread: %.0f ms wall, %.0f ms CPU of that thread (scaler side: lookups, "
                                    + "PodMetrics JSON, HPA arithmetic)", seconds(wallStart) * 1000,
                            (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6);
                    kube.takeRequests();

                    // one namespace's targets: per target, the mock server scans every object it stores, which at
                    // 1,000 targets takes minutes for what one namespace already shows
                    Map.Entry<String, List<CpuTrigger>> sampled = lanes.entrySet().iterator().next();
                    long filteredStart = System.nanoTime();
                    for (CpuTrigger trigger : sampled.getValue()) {
                        client.top().pods().inNamespace(trigger.namespace()).withLabels(Map.of("app", trigger.scaledObject())).metrics();
                    }
                    double filtered = seconds(filteredStart);
                    long wholeStart = System.nanoTime();
                    client.top().pods().inNamespace(sampled.getKey()).metrics();
                    report.line("   PodMetrics for the %d targets of namespace %s: one list %.0f ms vs one labelSelector list per target"
                            + " %.0f ms (%d requests)", sampled.getValue().size(), sampled.getKey(), seconds(wholeStart) * 1000,
                            filtered * 1000, sampled.getValue().size());
                } finally {
                    workers.shutdownNow();
                }
            } finally {
                discovery.stop();
                client.close();
            }
            measurePackagedScaler(kube, lanes);
        }
    }

    /**
     * The packaged scaler as a process of its own (flags from {@code bench.scaler.jvmArgs}) against the same seeded API
     * server, every target with its cpu trigger: what the scaler alone holds and spends, apart from the mock server here.
     */
    private void measurePackagedScaler(MockKubernetes kube, Map<String, List<CpuTrigger>> lanes) throws Exception {
        Report.progress("starting the packaged scaler against the mock API server");
        // the PodMetrics were seeded minutes ago and nothing renews them as metrics-server would: a staleness limit that
        // covers the run keeps them fresh enough to answer
        List<String> settings = new ArrayList<>(BenchConfig.fromSystemProperties().scalerJvmArgs());
        settings.add("-Dquarkus.kubernetes-client.api-server-url=http://127.0.0.1:" + kube.port());
        settings.add("-Dfusion.cpu.staleness-limit=" + PACKAGED_STALENESS_LIMIT);
        try (ScalerProcess scaler = ScalerProcess.start(settings.toArray(String[]::new));
             KedaLikeClient keda = new KedaLikeClient("127.0.0.1", scaler.grpcPort())) {
            double before = ProcFs.statusMib(scaler.pid(), "VmRSS");
            List<GetMetricsRequest> requests = new ArrayList<>();
            long registered = System.nanoTime();
            for (List<CpuTrigger> lane : lanes.values()) {
                for (CpuTrigger trigger : lane) {
                    ScaledObjectRef ref = keda.ref(trigger.namespace(), trigger.scaledObject(), Map.of("cpuTargetUtilization", "70"));
                    GetMetricSpecResponse spec = keda.pollStub().getMetricSpec(ref);
                    requests.add(GetMetricsRequest.newBuilder().setScaledObjectRef(ref)
                            .setMetricName(spec.getMetricSpecs(0).getMetricName()).build());
                }
            }
            Map<Double, Integer> values = ScaleBenchmark.awaitAll(keda, requests);
            report.line("   packaged scaler (its own process; %s; fusion.cpu.staleness-limit=%s: the seeded PodMetrics are not"
                    + " renewed): %d cpu triggers registered and all answered in %.1f s; values %s",
                    settings.size() > 2 ? String.join(" ", settings.subList(0, settings.size() - 2)) : "JVM defaults",
                    PACKAGED_STALENESS_LIMIT, requests.size(), seconds(registered), values);
            kube.takeRequests();
            double cpuBefore = ProcFs.cpuSeconds(scaler.pid());
            long start = System.nanoTime();
            Thread.sleep(PACKAGED_WINDOW.toMillis());
            double window = seconds(start);
            double cpu = ProcFs.cpuSeconds(scaler.pid()) - cpuBefore;
            Map<String, Long> byKind = kube.takeRequests().stream()
                    .collect(Collectors.groupingBy(TargetsBenchmark::kind, Collectors.counting()));
            report.line("   then over %.0f s (two cpu refresh intervals): scaler CPU %.0f %% of one core; API requests %s;"
                            + " scaler RSS %.0f MiB (%.0f MiB before the triggers), peak %.0f MiB", window, cpu / window * 100, byKind,
                    ProcFs.statusMib(scaler.pid(), "VmRSS"), before, ProcFs.statusMib(scaler.pid(), "VmHWM"));
        }
    }

    private Map<String, List<CpuTrigger>> seed(KubernetesClient seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, List<CpuTrigger>> lanes = new HashMap<>();
        try {
            List<Future<?>> creations = new ArrayList<>();
            for (int t = 0; t < sizes.count(); t++) {
                String namespace = "ns-" + (t % sizes.namespaces());
                String name = "app-" + t;
                lanes.computeIfAbsent(namespace, n -> new ArrayList<>()).add(new CpuTrigger(namespace, name, 70, ""));
                creations.add(pool.submit(() -> {
                    Map<String, String> labels = Map.of("app", name);
                    KubeObjects.createScaledObject(seed, namespace, name, null, null, name);
                    seed.resource(KubeObjects.deployment(namespace, name, sizes.podsPerTarget(), labels)).create();
                    for (int p = 0; p < sizes.podsPerTarget(); p++) {
                        seed.resource(KubeObjects.pod(namespace, name + "-" + p, labels, "500m", "512Mi", STARTED)).create();
                        seed.resource(KubeObjects.podMetrics(namespace, name + "-" + p, labels, (200 + p * 10) + "m", "300Mi",
                                Instant.now())).create();
                    }
                    return null;
                }));
            }
            for (Future<?> creation : creations) {
                creation.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return lanes;
    }

    private void awaitAllFound(InformerTargetDiscovery discovery, Map<String, List<CpuTrigger>> lanes) throws InterruptedException {
        for (List<CpuTrigger> lane : lanes.values()) {
            for (CpuTrigger trigger : lane) {
                while (!(discovery.target(trigger.namespace(), trigger.scaledObject(), RefreshDeadline.after(Duration.ofSeconds(10)))
                        instanceof TargetLookup.Found found && found.pods().size() == sizes.podsPerTarget())) {
                    Thread.sleep(100);
                }
            }
        }
    }

    /** Refreshes every lane on the workers, as the engine does; returns how many targets were measured. */
    private static int refreshAll(CpuUtilizationSource source, Map<String, List<CpuTrigger>> lanes, ExecutorService workers)
            throws Exception {
        List<Future<Map<CpuTrigger, SignalOutcome>>> results = new ArrayList<>();
        for (List<CpuTrigger> lane : lanes.values()) {
            Callable<Map<CpuTrigger, SignalOutcome>> refresh = () -> source.refresh(Set.copyOf(lane), RefreshDeadline.after(Duration.ofSeconds(60)));
            results.add(workers.submit(refresh));
        }
        int measured = 0;
        for (Future<Map<CpuTrigger, SignalOutcome>> result : results) {
            measured += (int) result.get().values().stream().filter(SignalOutcome.Measured.class::isInstance).count();
        }
        return measured;
    }

    private static String kind(String request) {
        String path = request.substring(request.indexOf(' ') + 1);
        String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return request.substring(0, request.indexOf(' ')) + " " + withoutQuery.replaceAll("/namespaces/[^/]+", "/namespaces/*");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
