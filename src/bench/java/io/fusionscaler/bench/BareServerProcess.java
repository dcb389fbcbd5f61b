package io.fusionscaler.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link ConstantExternalScalerServer} in a JVM of its own, started like the scaler (same java, no extra flags). */
final class BareServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private BareServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BareServerProcess start(List<String> jvmArgs) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                ConstantExternalScalerServer.class.getName(), "0"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!port.isDone() && line.startsWith(ConstantExternalScalerServer.READY_PREFIX)) {
                        port.complete(Integer.parseInt(line.substring(ConstantExternalScalerServer.READY_PREFIX.length()).trim()));
                    } else {
                        Report.progress("bare server: %s", line);
                    }
                }
                port.completeExceptionally(new IllegalStateException("the bare gRPC server exited before listening"));
            } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
            }
        }, "bare-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new BareServerProcess(process, port.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the bare gRPC server did not start: " + e, e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // it stops when its stdin closes
        } catch (IOException ignored) {
            // it is killed below if need be
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
