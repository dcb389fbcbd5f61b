package io.fusionscaler.testing;

import io.fusionscaler.testing.broker.ChildProcesses;
import io.fusionscaler.testing.broker.ParentDeathWatchdog;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged scaler as an operating system process: the native runner when the build made one
 * ({@code native.image.path}), else the JVM fast-jar {@code target/quarkus-app/quarkus-run.jar}. Lets tests do what
 * {@code @QuarkusIntegrationTest} cannot, such as sending SIGTERM in the middle of a test; the benchmark and the demo
 * run the scaler this way too. The process never outlives the JVM that started it (a watchdog stops it).
 */
public final class ScalerProcess implements AutoCloseable {

    private static final Path FAST_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final ParentDeathWatchdog watchdog;
    private final int grpcPort;
    private final int httpPort;
    private final Path log;

    private ScalerProcess(Process process, ParentDeathWatchdog watchdog, int grpcPort, int httpPort, Path log) {
        this.process = process;
        this.watchdog = watchdog;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts the scaler on free ports and waits until it is ready. */
    public static ScalerProcess start(String... extraProperties) throws IOException, InterruptedException {
        return startOn(freePort(), freePort(), Files.createTempFile("fusion-scaler", ".log"), extraProperties);
    }

    /**
     * Starts the scaler on these ports, its output going to {@code log}, and waits until it is ready.
     *
     * @param extraProperties {@code -Dkey=value} settings
     */
    public static ScalerProcess startOn(int grpcPort, int httpPort, Path log, String... extraProperties)
            throws IOException, InterruptedException {
        return launch(nativeRunner(), grpcPort, httpPort, log, extraProperties);
    }

    /** Starts the native runner {@code nativeRunner}, or the fast-jar when it is null, on free ports, and waits until it is ready. */
    public static ScalerProcess startArtifact(Path nativeRunner, String... extraProperties) throws IOException, InterruptedException {
        return launch(nativeRunner, freePort(), freePort(), Files.createTempFile("fusion-scaler", ".log"), extraProperties);
    }

    private static ScalerProcess launch(Path nativeRunner, int grpcPort, int httpPort, Path log, String... extraProperties)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        String program;
        if (nativeRunner != null) {
            program = nativeRunner.toString();
            command.add(program);
        } else {
            if (!Files.isRegularFile(FAST_JAR)) {
                throw new IllegalStateException("no packaged scaler at " + FAST_JAR.toAbsolutePath() + ": run ./mvnw package first");
            }
            program = FAST_JAR.toAbsolutePath().toString();
            command.add(ProcessHandle.current().info().command().orElse("java"));
        }
        command.add("-Dquarkus.grpc.server.port=" + grpcPort);
        command.add("-Dquarkus.http.port=" + httpPort);
        command.addAll(List.of(extraProperties));
        if (nativeRunner == null) {
            command.add("-jar");
            command.add(program);
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ScalerProcess scaler = new ScalerProcess(process, ParentDeathWatchdog.watch(process.pid(), program, null),
                grpcPort, httpPort, log);
        scaler.awaitReady(Duration.ofSeconds(60));
        return scaler;
    }

    /** The native runner the build made ({@code native.image.path}), which {@link #start} runs; null: the fast-jar. */
    public static Path nativeRunner() {
        String path = System.getProperty("native.image.path");
        if (path == null || !Files.isExecutable(Path.of(path))) {
            return null;
        }
        return Path.of(path);
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The file the scaler's output goes to. */
    public Path log() {
        return log;
    }

    /** The body of a GET on the scaler's HTTP port. */
    public String httpGet(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(5)).build();
        // HTTP/1.1 only: the native runner answers the h2c upgrade the JDK client asks for by default with 101 and then nothing
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Sends SIGTERM, as the kubelet does, and waits for the process to end; returns its exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        watchdog.stop();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("scaler did not stop within " + timeout + " after SIGTERM");
        }
        return process.exitValue();
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                watchdog.stop();
                throw new IllegalStateException("scaler exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("scaler not ready within " + timeout + ":\n" + output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** SIGTERM, as the kubelet sends; SIGKILL if the scaler has not stopped within 30 s. */
    @Override
    public void close() {
        watchdog.stop();
        ChildProcesses.terminate(process);
    }
}
