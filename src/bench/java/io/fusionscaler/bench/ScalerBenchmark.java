package io.fusionscaler.bench;

import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.ScalerProcess;
import io.fusionscaler.testing.broker.KafkaBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scaler's benchmark, run with one command: {@code ./mvnw -B -Pbench verify}. It packages the scaler, then
 * measures, against real processes on this machine (a Kafka broker, the packaged scaler, a bare gRPC server):
 * <ol>
 *     <li>GetMetrics throughput and latency over loopback, ours against a bare grpc-java server;</li>
 *     <li>activation latency: one record produced to an idle group until StreamIsActive says {@code true};</li>
 *     <li>refresh pass time and memory with 1,000 ScaledObjects over 100 groups and 10,000 partitions;</li>
 *     <li>decisions the engine re-makes per second with 1,000 trackers over 100 lanes (in-process);</li>
 *     <li>target discovery and the cpu signal with 100 targets x 20 pods (bench.targets.*) against the mock API server;</li>
 *     <li>scrapes per second of the queue signal over local pods' metrics pages, and per CPU second;</li>
 *     <li>one gpu-agent sampling 8 GPUs x 100 pods every second: CPU and memory, JVM and native runner;</li>
 *     <li>the GPU lane pulling 100 agents x 8 GPUs and joining them for 1,000 targets (in-process).</li>
 * </ol>
 * It prints a report and writes it to {@code target/bench/report.txt}. It is a measuring tool: it asserts
 * nothing about the figures, and fails only when a part cannot be measured at all.
 */
public final class ScalerBenchmark {

    /** Held so the levels stay set (java.util.logging keeps loggers weakly). */
    private static final List<Logger> QUIET = new ArrayList<>();

    private ScalerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        quietClientLogs();
        BenchConfig config = BenchConfig.fromSystemProperties();
        Report report = new Report();
        long began = System.nanoTime();
        machineFacts(report, config);
        useBuildDirectory(config.buildDir());

        List<String> failures = new ArrayList<>();
        if (config.runs(BenchConfig.LOAD) || config.runs(BenchConfig.ACTIVATION)) {
            runOnSmallBroker(config, report, failures);
        }
        Parts parts = new Parts(config, report, failures);
        parts.run(BenchConfig.SCALE, "3. refresh at scale", () -> new ScaleBenchmark(config, report).run());
        parts.run(BenchConfig.TARGETS, "4. target discovery at scale",
                () -> new TargetsBenchmark(TargetsBenchmark.Sizes.fromSystemProperties(), report).run());
        parts.run(BenchConfig.DECISIONS, "5. decisions re-made",
                () -> new DecisionRateBenchmark(report, 1_000, 100, Duration.ofSeconds(20)).run());
        parts.run(BenchConfig.SCRAPE, "6. scraping pods", () -> new ScrapeBenchmark(config, report).run());
        parts.run(BenchConfig.GPU_AGENT, "7. gpu-agent", () -> new GpuAgentBenchmark(config, report).run());
        parts.run(BenchConfig.GPU_JOIN, "8. GPU lane at scale", () -> new GpuJoinBenchmark(config, report).run());

        report.blank();
        report.line("Load average at end: %s", ProcFs.loadAverage());
        report.line("Total wall time: %.1f s", (System.nanoTime() - began) / 1e9);
        if (!failures.isEmpty()) {
            report.line("Parts that could not be measured: %s", String.join("; ", failures));
        }
        Path file = config.outputDir().resolve("report.txt");
        report.write(file);
        System.out.println();
        System.out.println("================================ fusion-scaler benchmark report ================================");
        System.out.print(report.text());
        System.out.println("================================================================================================");
        System.out.println("Written to " + file);
        System.out.flush();
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** Parts 1 and 2 share a broker with default sizes and one scaler process. */
    private static void runOnSmallBroker(BenchConfig config, Report report, List<String> failures) {
        Report.progress("starting a Kafka broker (heap %s) and the packaged scaler", config.brokerHeap());
        try (KafkaBroker broker = KafkaBroker.start(KafkaBrokerResource.options().maxHeap(config.brokerHeap()));
             ScalerProcess scaler = ScalerProcess.start(config.scalerJvmArgs().toArray(String[]::new))) {
            Parts parts = new Parts(config, report, failures);
            parts.run(BenchConfig.LOAD, "1. GetMetrics throughput",
                    () -> new LoadBenchmark(config, report, broker, scaler).run());
            parts.run(BenchConfig.ACTIVATION, "2. activation latency",
                    () -> new ActivationBenchmark(config, report, broker, scaler).run());
        } catch (Exception e) {
            failed(report, failures, "broker or scaler start for parts 1-2", e);
        }
    }

    /** One part's body; whatever it throws is that part's failure, reported, and the next part runs. */
    private interface Part {
        void run() throws Exception;
    }

    /** Runs the parts the configuration selects, each after a blank line, recording the ones that fail. */
    private record Parts(BenchConfig config, Report report, List<String> failures) {

        void run(String key, String title, Part part) {
            if (!config.runs(key)) {
                return;
            }
            report.blank();
            try {
                part.run();
            } catch (Exception e) {
                failed(report, failures, title, e);
            }
        }
    }

    private static void failed(Report report, List<String> failures, String part, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        failures.add(part);
        report.line("   FAILED (%s): %s", part, e);
        e.printStackTrace(System.out);
    }

    private static void machineFacts(Report report, BenchConfig config) {
        Runtime.Version version = Runtime.version();
        report.line("fusion-scaler benchmark, %s", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        report.line("Machine: %d cores (%s), %.1f GiB RAM, %s %s %s", Runtime.getRuntime().availableProcessors(),
                ProcFs.cpuModel(), ProcFs.memTotalGib(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
        report.line("Java: %s (%s %s, %s)", version, System.getProperty("java.vm.vendor"),
                System.getProperty("java.vm.name"), System.getProperty("java.home"));
        report.line("Load average at start: %s", ProcFs.loadAverage());
        report.line("Scaler: %s (JVM flags: %s); Kafka broker: %s",
                config.buildDir().resolve("quarkus-app").resolve("quarkus-run.jar"),
                config.scalerJvmArgs().isEmpty() ? "none, JVM defaults" : String.join(" ", config.scalerJvmArgs()),
                KafkaBrokerResource.libsDir());
        report.line("All processes (client, scaler, bare server, broker) share this machine's cores; figures are"
                + " for comparison on one machine, not absolute.");
    }

    /**
     * {@link ScalerProcess} starts {@code target/quarkus-app/quarkus-run.jar} relative to the working directory.
     * When the build used another directory ({@code -Dbuild.dir=...}), the bench profile runs this in
     * {@code <build dir>/bench/work}, where {@code target/quarkus-app} is made a link to the build's.
     */
    private static void useBuildDirectory(Path buildDir) throws IOException {
        Path built = buildDir.resolve("quarkus-app");
        if (!Files.isRegularFile(built.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("No packaged scaler in " + built + ": run ./mvnw -B -Pbench verify (it packages first)");
        }
        Path seen = Path.of("target", "quarkus-app").toAbsolutePath();
        if (Files.isDirectory(seen) && Files.isSameFile(seen, built)) {
            return;
        }
        if (Files.exists(seen, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isSymbolicLink(seen)) {
                throw new IllegalStateException(seen + " is another build's scaler; run the benchmark from "
                        + buildDir.resolve("bench").resolve("work") + " or with -Dbench.build.dir=target");
            }
            Files.delete(seen);
        }
        Files.createDirectories(seen.getParent());
        Files.createSymbolicLink(seen, built);
    }

    private static void quietClientLogs() {
        for (String name : List.of("org.apache.kafka", "io.grpc", "io.netty")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIET.add(logger);
        }
    }
}
