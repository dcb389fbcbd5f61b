package io.fusionscaler.keda;

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
 * ({@code native.image.path}), else the JVM fast-jar. Lets tests do what {@code @QuarkusIntegrationTest}
 * cannot, such as sending SIGTERM in the middle of a test.
 */
public final class ScalerProcess implements AutoCloseable {

    private final Process process;
    private final int grpcPort;
    private final int httpPort;
    private final Path log;

    private ScalerProcess(Process process, int grpcPort, int httpPort, Path log) {
        this.process = process;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    public static ScalerProcess start(String... extraProperties) throws IOException, InterruptedException {
        int grpcPort = freePort();
        int httpPort = freePort();
        List<String> command = new ArrayList<>();
        Path nativeRunner = nativeRunner();
        if (nativeRunner != null) {
            command.add(nativeRunner.toString());
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
        }
        command.add("-Dquarkus.grpc.server.port=" + grpcPort);
        command.add("-Dquarkus.http.port=" + httpPort);
        command.addAll(List.of(extraProperties));
        if (nativeRunner == null) {
            command.add("-jar");
            command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        }
        Path log = Files.createTempFile("fusion-scaler", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ScalerProcess scaler = new ScalerProcess(process, grpcPort, httpPort, log);
        scaler.awaitReady(Duration.ofSeconds(60));
        return scaler;
    }

    private static Path nativeRunner() {
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

    /** The body of a GET on the scaler's HTTP port. */
    public String httpGet(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Sends SIGTERM, as the kubelet does, and waits for the process to end; returns its exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
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

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
