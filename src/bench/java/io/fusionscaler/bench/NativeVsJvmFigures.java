package io.fusionscaler.bench;

import io.fusionscaler.keda.proto.ExternalScalerGrpc;
import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.KedaLikeClient.ActivityStreamCall;
import io.fusionscaler.testing.PackagedScaler;
import io.fusionscaler.testing.broker.ChildProcesses;
import io.fusionscaler.testing.broker.KafkaBroker;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures the native runner against the JVM fast-jar of the same build, in one run on one machine, and writes a
 * Markdown table: time from launch to the first successful gRPC answer, resident memory idle and with N trackers
 * (Kafka triggers on a real broker this tool starts) each holding an open StreamIsActive, artifact size, and the
 * build time and peak build memory that {@code /usr/bin/time -v} recorded for each build.
 *
 * <p>Run it with {@code src/bench/native-vs-jvm.sh}, which builds both artifacts under {@code /usr/bin/time -v} first.
 * Settings (system properties): {@code figures.runner}, {@code figures.jar}, {@code figures.out},
 * {@code figures.nativeBuildTime}, {@code figures.jvmBuildTime} (the {@code time -v} outputs),
 * {@code figures.launches} (timed launches per artifact, default 5, after one untimed warm-up launch each),
 * {@code figures.trackers} (default 1000), {@code figures.topics} (default 100), {@code figures.idleSeconds}
 * (default 10), {@code figures.settleSeconds} (default 15), {@code kafka.broker.libs}.
 */
public final class NativeVsJvmFigures {

    private static final double MIB = 1024.0 * 1024.0;

    private final Path runner = Path.of(System.getProperty("figures.runner", "target/native-figures/fusion-scaler-runner"));
    private final Path jar = Path.of(System.getProperty("figures.jar", "target/native-figures/quarkus-app/quarkus-run.jar"));
    private final Path out = Path.of(System.getProperty("figures.out", "target/native-figures"));
    private final int launches = Integer.getInteger("figures.launches", 5);
    private final int trackers = Integer.getInteger("figures.trackers", 1000);
    private final int topics = Integer.getInteger("figures.topics", 100);
    private final int idleSeconds = Integer.getInteger("figures.idleSeconds", 10);
    private final int settleSeconds = Integer.getInteger("figures.settleSeconds", 15);
    private final String java = ProcessHandle.current().info().command().orElse("java");
    /** Heap and GC options of each artifact (space-separated), e.g. the chart's; empty: the runtime's defaults. */
    private final List<String> nativeOptions = options("figures.nativeOptions");
    private final List<String> jvmOptions = options("figures.jvmOptions");
    /** Which artifacts to measure: NATIVE, JVM or both (comma-separated). */
    private final List<Kind> kinds = Arrays.stream(System.getProperty("figures.kinds", "NATIVE,JVM").split(","))
            .map(String::trim).filter(k -> !k.isEmpty()).map(Kind::valueOf).toList();

    private static List<String> options(String key) {
        return Arrays.stream(System.getProperty(key, "").trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
    }

    public static void main(String[] args) throws Exception {
        new NativeVsJvmFigures().run();
        System.exit(0);
    }

    private enum Kind {
        NATIVE, JVM
    }

    /** What one artifact measured; NaN (printed "n/a") for a kind not measured in this run. */
    private static final class Figures {
        final List<Double> firstAnswerMillis = new ArrayList<>();
        double idleRssMib = Double.NaN;
        double loadedRssMib = Double.NaN;
        double loadedHwmMib = Double.NaN;
        double loadedCpuSeconds = Double.NaN;
        double refreshesPerSecond = Double.NaN;
        double meanRefreshMillis = Double.NaN;
    }

    private void run() throws Exception {
        require(!kinds.contains(Kind.NATIVE) || Files.isExecutable(runner), "no native runner at " + runner.toAbsolutePath());
        require(!kinds.contains(Kind.JVM) || Files.isRegularFile(jar), "no fast-jar at " + jar.toAbsolutePath());
        Files.createDirectories(out);
        Map<Kind, Figures> figures = new LinkedHashMap<>();
        figures.put(Kind.NATIVE, new Figures());
        figures.put(Kind.JVM, new Figures());

        log("startup: 1 warm-up launch + " + launches + " timed launches per artifact, alternating");
        for (int round = 0; round <= launches; round++) {
            for (Kind kind : kinds) {
                try (Launched scaler = launch(kind)) {
                    double millis = scaler.firstAnswerMillis;
                    log(kind + " launch " + round + ": first gRPC answer after " + String.format(Locale.ROOT, "%.0f", millis) + " ms"
                            + (round == 0 ? " (warm-up, not counted)" : ""));
                    if (round > 0) {
                        figures.get(kind).firstAnswerMillis.add(millis);
                    }
                }
            }
        }

        log("starting a Kafka broker for the load (" + topics + " topics, " + trackers + " trackers)");
        try (KafkaBroker broker = KafkaBroker.start(KafkaBrokerResource.options().maxHeap("1g"))) {
            List<String[]> topicGroups = prepareTopics(broker);
            for (Kind kind : kinds) {
                loadRun(kind, broker, topicGroups, figures.get(kind));
            }
        }

        String report = report(figures);
        Files.writeString(out.resolve("report.md"), report);
        System.out.println(report);
    }

    // ------------------------------------------------------------------------------------------ the load run

    private List<String[]> prepareTopics(KafkaBroker broker) {
        List<String[]> topicGroups = new ArrayList<>();
        try (KafkaTestData data = KafkaTestData.forBroker(broker)) {
            for (int t = 0; t < topics; t++) {
                String topic = KafkaTestData.uniqueTopic("figures");
                String group = KafkaTestData.uniqueGroup("figures");
                data.createTopic(topic, 3);
                data.produce(topic, Map.of(0, 5, 1, 5, 2, 5));
                data.commitOffsets(group, Map.of(
                        new org.apache.kafka.common.TopicPartition(topic, 0), 2L,
                        new org.apache.kafka.common.TopicPartition(topic, 1), 5L,
                        new org.apache.kafka.common.TopicPartition(topic, 2), 0L));
                topicGroups.add(new String[] {topic, group});
            }
        }
        return topicGroups;
    }

    private void loadRun(Kind kind, KafkaBroker broker, List<String[]> topicGroups, Figures figures) throws Exception {
        try (Launched scaler = launch(kind)) {
            scaler.awaitReady();
            Thread.sleep(idleSeconds * 1000L);
            figures.idleRssMib = ProcStatus.mib(scaler.pid(), "VmRSS");
            log(kind + ": idle RSS " + mib(figures.idleRssMib) + " after " + idleSeconds + " s");

            int channels = Math.max(1, (trackers + 249) / 250);
            List<KedaLikeClient> clients = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                clients.add(new KedaLikeClient("127.0.0.1", scaler.grpcPort));
            }
            List<ActivityStreamCall> streams = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<ActivityStreamCall>> opened = new ArrayList<>();
                for (int i = 0; i < trackers; i++) {
                    KedaLikeClient keda = clients.get(i % channels);
                    String[] topicGroup = topicGroups.get(i % topicGroups.size());
                    ScaledObjectRef ref = keda.ref("figures", "so-" + i, Map.of("bootstrapServers", broker.bootstrapServers(),
                            "consumerGroup", topicGroup[1], "topic", topicGroup[0], "lagThreshold", "2"));
                    opened.add(pool.submit(() -> pollThenStream(keda, ref)));
                }
                for (Future<ActivityStreamCall> stream : opened) {
                    streams.add(stream.get(120, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            // + 1: the tracker of the startup probe (GetMetricSpec tracks its trigger, an unreachable cluster)
            awaitMetric(scaler, "fusion_trackers", trackers + 1);
            awaitMetric(scaler, "fusion_streams_open", trackers);
            log(kind + ": " + trackers + " trackers answered, " + trackers + " streams open; settling " + settleSeconds + " s");
            double cpuBefore = ProcStatus.cpuSeconds(scaler.pid());
            String cluster = "bootstrap:" + broker.bootstrapServers().split(",")[0];
            double[] refreshesBefore = kafkaRefreshes(scaler.httpGet("/q/metrics"), cluster);
            // RSS swings by a few MiB as the collector runs: the end of the window alone can hide how close it comes
            DoubleSummaryStatistics window = new DoubleSummaryStatistics();
            StringBuilder trace = new StringBuilder();
            for (int second = 0; second < settleSeconds; second++) {
                Thread.sleep(1000L);
                double rss = ProcStatus.mib(scaler.pid(), "VmRSS");
                window.accept(rss);
                trace.append(String.format(Locale.ROOT, " %.1f", rss));
            }
            log(kind + ": RSS each second of the " + settleSeconds + " s (MiB):" + trace + "; min " + mib(window.getMin())
                    + ", mean " + mib(window.getAverage()) + ", max " + mib(window.getMax()));
            figures.loadedCpuSeconds = (ProcStatus.cpuSeconds(scaler.pid()) - cpuBefore) / settleSeconds;
            figures.loadedRssMib = ProcStatus.mib(scaler.pid(), "VmRSS");
            figures.loadedHwmMib = ProcStatus.mib(scaler.pid(), "VmHWM");
            log(kind + ": of that RSS, anonymous " + mib(ProcStatus.mib(scaler.pid(), "RssAnon")) + ", file-backed (the executable"
                    + " or the JDK's files, shared page cache) " + mib(ProcStatus.mib(scaler.pid(), "RssFile")));
            String scrape = scaler.httpGet("/q/metrics");
            require(PackagedScaler.metric(scrape, "fusion_streams_open") == trackers, "streams closed during the settle time");
            double[] refreshesAfter = kafkaRefreshes(scrape, cluster);
            double refreshes = refreshesAfter[0] - refreshesBefore[0];
            require(refreshes >= settleSeconds / 2.0, "only " + refreshes + " Kafka refreshes in " + settleSeconds + " s");
            figures.refreshesPerSecond = refreshes / settleSeconds;
            figures.meanRefreshMillis = (refreshesAfter[1] - refreshesBefore[1]) * 1000 / refreshes;
            log(kind + ": " + String.format(Locale.ROOT, "%.1f Kafka refreshes/s, mean %.1f ms", figures.refreshesPerSecond,
                    figures.meanRefreshMillis));
            log(kind + ": RSS " + mib(figures.loadedRssMib) + " (peak " + mib(figures.loadedHwmMib) + ") with the load");
            for (ActivityStreamCall stream : streams) {
                stream.cancel();
            }
            for (KedaLikeClient client : clients) {
                client.close();
            }
        }
    }

    /** Count and total seconds of the refresh timer of one Kafka cluster's lane (its {@code lane} tag). */
    private static double[] kafkaRefreshes(String scrape, String cluster) {
        String labels = "{lane=\"" + cluster + "\",signal=\"kafka\"}";
        double count = PackagedScaler.metric(scrape, "fusion_source_refresh_duration_seconds_count" + labels);
        double seconds = PackagedScaler.metric(scrape, "fusion_source_refresh_duration_seconds_sum" + labels);
        require(!Double.isNaN(count) && !Double.isNaN(seconds), "no Kafka refresh timer for " + cluster);
        return new double[] {count, seconds};
    }

    /** One KEDA HPA sync (answered from fresh Kafka data) then an open StreamIsActive that got its first message. */
    private static ActivityStreamCall pollThenStream(KedaLikeClient keda, ScaledObjectRef ref) throws Exception {
        Instant until = Instant.now().plusSeconds(60);
        while (true) {
            try {
                keda.poll(ref);
                break;
            } catch (StatusRuntimeException e) {
                if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException(ref.getName() + ": no answer within 60 s: " + e.getStatus(), e);
                }
                Thread.sleep(200);
            }
        }
        ActivityStreamCall stream = keda.streamIsActive(ref);
        if (stream.next(30, TimeUnit.SECONDS) == null) {
            throw new IllegalStateException(ref.getName() + ": the stream sent no current state within 30 s");
        }
        return stream;
    }

    private static void awaitMetric(Launched scaler, String name, double expected) throws Exception {
        Instant until = Instant.now().plusSeconds(60);
        double value = Double.NaN;
        while (Instant.now().isBefore(until)) {
            value = PackagedScaler.metric(scaler.httpGet("/q/metrics"), name);
            if (value == expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " is " + value + ", expected " + expected);
    }

    // ------------------------------------------------------------------------------------------ launching

    private Launched launch(Kind kind) throws IOException, InterruptedException {
        int grpcPort = freePort();
        int httpPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(kind == Kind.NATIVE ? runner.toAbsolutePath().toString() : java);
        command.add("-Dquarkus.grpc.server.port=" + grpcPort);
        command.add("-Dquarkus.http.port=" + httpPort);
        command.addAll(kind == Kind.NATIVE ? nativeOptions : jvmOptions);
        if (kind == Kind.JVM) {
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
        }
        Path log = out.resolve(kind.name().toLowerCase(Locale.ROOT) + "-scaler.log");
        // A fresh metadata-only call: GetMetricSpec depends on the trigger alone, so it measures the scaler, not Kafka.
        ScaledObjectRef probe = ScaledObjectRef.newBuilder().setNamespace("figures").setName("startup")
                .putScalerMetadata("bootstrapServers", "127.0.0.1:1").putScalerMetadata("consumerGroup", "g")
                .putScalerMetadata("topic", "t").build();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Launched launched = new Launched(process, grpcPort, httpPort, log);
        try {
            launched.firstAnswerMillis = firstAnswer(launched, probe, start);
            return launched;
        } catch (RuntimeException | IOException | InterruptedException e) {
            launched.close();
            throw e;
        }
    }

    /** Milliseconds from before the process start to the first GetMetricSpec that succeeds. */
    private static double firstAnswer(Launched launched, ScaledObjectRef probe, long start) throws IOException, InterruptedException {
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!launched.process.isAlive()) {
                throw new IllegalStateException("scaler exited with " + launched.process.exitValue() + ":\n" + Files.readString(launched.log));
            }
            if (!listening(launched.grpcPort)) {
                Thread.sleep(1);
                continue;
            }
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", launched.grpcPort).usePlaintext().build();
            try {
                ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS).getMetricSpec(probe);
                return (System.nanoTime() - start) / 1e6;
            } catch (StatusRuntimeException notYet) {
                Thread.sleep(1);
            } finally {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        }
        throw new IllegalStateException("no gRPC answer within 60 s:\n" + Files.readString(launched.log));
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static final class Launched implements AutoCloseable {
        final Process process;
        final int grpcPort;
        final int httpPort;
        final Path log;
        double firstAnswerMillis;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        Launched(Process process, int grpcPort, int httpPort, Path log) {
            this.process = process;
            this.grpcPort = grpcPort;
            this.httpPort = httpPort;
            this.log = log;
        }

        long pid() {
            return process.pid();
        }

        String httpGet(String path) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }

        void awaitReady() throws IOException, InterruptedException {
            Instant until = Instant.now().plusSeconds(60);
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            while (Instant.now().isBefore(until)) {
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("not ready within 60 s");
        }

        @Override
        public void close() {
            ChildProcesses.terminate(process);
        }
    }

    // ------------------------------------------------------------------------------------------ the report

    private String report(Map<Kind, Figures> figures) throws IOException {
        Figures nat = figures.get(Kind.NATIVE);
        Figures jvm = figures.get(Kind.JVM);
        BuildFigures nativeBuild = BuildFigures.read(System.getProperty("figures.nativeBuildTime"));
        BuildFigures jvmBuild = BuildFigures.read(System.getProperty("figures.jvmBuildTime"));
        long runnerBytes = Files.exists(runner) ? Files.size(runner) : 0;
        long appBytes = Files.exists(jar) ? directoryBytes(jar.getParent()) : 0;

        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(Instant.now().atOffset(ZoneOffset.UTC).toLocalDate()).append(" by ")
                .append(NativeVsJvmFigures.class.getName()).append(" (src/bench/native-vs-jvm.sh), one run: ")
                .append(ProcStatus.cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(String.format(Locale.ROOT, "%.0f", ProcStatus.memTotalGib())).append(" GiB; JVM mode on ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append("; options: native ").append(nativeOptions.isEmpty() ? "defaults" : String.join(" ", nativeOptions))
                .append(", JVM ").append(jvmOptions.isEmpty() ? "defaults" : String.join(" ", jvmOptions))
                .append("; load average at the end ").append(ProcStatus.loadAverage()).append(".\n\n");
        md.append("| | native (`target/*-runner`) | JVM (`java -jar target/quarkus-app/quarkus-run.jar`) |\n");
        md.append("|---|---|---|\n");
        md.append("| time to first successful gRPC answer after launch (median of ").append(launches).append(", min-max) | ")
                .append(millis(nat.firstAnswerMillis)).append(" | ").append(millis(jvm.firstAnswerMillis)).append(" |\n");
        md.append("| RSS idle (").append(idleSeconds).append(" s after ready, no trackers) | ")
                .append(mib(nat.idleRssMib)).append(" | ").append(mib(jvm.idleRssMib)).append(" |\n");
        md.append("| RSS with ").append(String.format(Locale.ROOT, "%,d", trackers)).append(" trackers and ")
                .append(String.format(Locale.ROOT, "%,d", trackers)).append(" open StreamIsActive streams (peak) | ")
                .append(mib(nat.loadedRssMib)).append(" (").append(mib(nat.loadedHwmMib)).append(") | ")
                .append(mib(jvm.loadedRssMib)).append(" (").append(mib(jvm.loadedHwmMib)).append(") |\n");
        md.append("| with that load: CPU (cores), refreshes of the broker per second, mean refresh duration | ")
                .append(loadFigures(nat)).append(" | ").append(loadFigures(jvm)).append(" |\n");
        md.append("| artifact size | ").append(mib(runnerBytes / MIB)).append(" (one file) | ")
                .append(mib(appBytes / MIB)).append(" (`quarkus-app/`, plus a JRE) |\n");
        md.append("| build time (`./mvnw -B clean package -DskipTests`, wall) | ").append(nativeBuild.wall).append(" (`-Dnative`) | ")
                .append(jvmBuild.wall).append(" |\n");
        md.append("| peak build memory (max RSS of one process, `/usr/bin/time -v`) | ").append(nativeBuild.maxRss)
                .append(" | ").append(jvmBuild.maxRss).append(" |\n");
        md.append("\nLoad: ").append(trackers).append(" ScaledObjects with a Kafka trigger each (").append(topics)
                .append(" topics of 3 partitions with lag on a local KRaft broker, ").append(trackers / Math.max(1, topics))
                .append(" triggers per topic/group), each polled once (GetMetricSpec, GetMetrics, IsActive) and then holding a ")
                .append("StreamIsActive that received its first message; RSS read from /proc/<pid>/status (VmRSS, VmHWM) after ")
                .append(settleSeconds).append(" s of refreshes.\n");
        return md.toString();
    }

    private static String millis(List<Double> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.0f ms (%.0f-%.0f)", median, sorted[0], sorted[sorted.length - 1]);
    }

    private static String loadFigures(Figures figures) {
        return Double.isNaN(figures.loadedCpuSeconds) ? "n/a" : String.format(Locale.ROOT, "%.2f, %.1f/s, %.0f ms",
                figures.loadedCpuSeconds, figures.refreshesPerSecond, figures.meanRefreshMillis);
    }

    private static String mib(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f MiB (%.1f MB)", value, value * 1.048576);
    }

    private static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void log(String message) {
        System.out.println("[figures] " + message);
    }

    /** Wall time and peak RSS from a {@code /usr/bin/time -v} output. */
    private record BuildFigures(String wall, String maxRss) {
        static BuildFigures read(String file) throws IOException {
            if (file == null || !Files.isRegularFile(Path.of(file))) {
                return new BuildFigures("n/a", "n/a");
            }
            String wall = "n/a";
            String rss = "n/a";
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                String trimmed = line.trim();
                if (trimmed.startsWith("Elapsed (wall clock) time")) {
                    wall = formatWall(trimmed.substring(trimmed.lastIndexOf(": ") + 2).trim());
                } else if (trimmed.startsWith("Maximum resident set size (kbytes):")) {
                    long kb = Long.parseLong(trimmed.substring(trimmed.indexOf(':') + 1).trim());
                    rss = String.format(Locale.ROOT, "%.2f GiB", kb / 1024.0 / 1024.0);
                }
            }
            return new BuildFigures(wall, rss);
        }

        /** {@code h:mm:ss} or {@code m:ss.cc} as {@code 7 min 12 s}. */
        private static String formatWall(String value) {
            double[] parts = Arrays.stream(value.split(":")).mapToDouble(Double::parseDouble).toArray();
            double seconds = 0;
            for (double part : parts) {
                seconds = seconds * 60 + part;
            }
            long total = Math.round(seconds);
            return total >= 60 ? (total / 60) + " min " + (total % 60) + " s" : total + " s";
        }
    }

    /** Figures from Linux's /proc. */
    private static final class ProcStatus {
        private ProcStatus() {
        }

        static double mib(long pid, String key) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]) / 1024.0;
                }
            }
            return Double.NaN;
        }

        /** User plus system CPU seconds (assumes 100 clock ticks per second, Linux's USER_HZ). */
        static double cpuSeconds(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        }

        static String cpuModel() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return "unknown CPU";
        }

        static double memTotalGib() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
                }
            }
            return Double.NaN;
        }

        static String loadAverage() throws IOException {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
    }
}
