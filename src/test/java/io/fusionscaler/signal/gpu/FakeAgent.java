package io.fusionscaler.signal.gpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;
import io.fusionscaler.gpuagent.api.GpuAgentReport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A gpu-agent's API on a loopback address ({@code 127.0.0.x}, as a pod IP): {@code GET /gpu-agent/v1/pods} serves the
 * report it is given, as JSON the way the agent's Quarkus REST layer writes it (ISO-8601 instants), sampled
 * {@value #SAMPLE_AGE_MILLIS} ms before each call; with a token set, only to callers that present it. It can crash
 * (connections refused) and come back on the same address and port.
 */
public final class FakeAgent implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    static final long SAMPLE_AGE_MILLIS = 100;

    private final InetSocketAddress address;
    private HttpServer server;
    private final AtomicReference<GpuAgentReport> report = new AtomicReference<>();
    private final AtomicReference<String> token = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();

    FakeAgent(String ip, int port) throws IOException {
        server = listen(new InetSocketAddress(ip, port));
        address = server.getAddress();
    }

    private HttpServer listen(InetSocketAddress on) throws IOException {
        HttpServer listening = HttpServer.create(on, 16);
        listening.createContext("/gpu-agent/v1/pods", exchange -> {
            calls.incrementAndGet();
            String expected = token.get();
            String presented = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body;
            int status;
            if (expected != null && !("Bearer " + expected).equals(presented)) {
                status = 401;
                body = "bearer token required".getBytes();
            } else if (report.get() == null) {
                status = 503;
                body = "no sample yet".getBytes();
            } else {
                status = 200;
                GpuAgentReport served = report.get();
                Instant now = Instant.now();
                body = JSON.writeValueAsBytes(new GpuAgentReport(served.node(), now.minusMillis(SAMPLE_AGE_MILLIS), SAMPLE_AGE_MILLIS,
                        served.nvml(), served.attribution(), served.pods(), served.gpus()));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        listening.start();
        return listening;
    }

    /** Two agents on one port of two loopback addresses (the scaler calls every agent on one configured port). */
    static FakeAgent[] pair(String firstIp, String secondIp) throws IOException {
        return onOnePort(List.of(firstIp, secondIp));
    }

    /** An agent on each of these loopback addresses, all on one port. */
    public static FakeAgent[] onOnePort(List<String> ips) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            List<FakeAgent> started = new ArrayList<>();
            try {
                for (String ip : ips) {
                    started.add(new FakeAgent(ip, started.isEmpty() ? 0 : started.get(0).port()));
                }
                return started.toArray(FakeAgent[]::new);
            } catch (IOException e) {
                started.forEach(FakeAgent::close);
                last = e;
            }
        }
        throw new UncheckedIOException(last);
    }

    public int port() {
        return address.getPort();
    }

    public void serve(GpuAgentReport value) {
        report.set(value);
    }

    void requireToken(String value) {
        token.set(value);
    }

    int calls() {
        return calls.get();
    }

    /** The agent crashes: its server closes and connections are refused until {@link #restart()}. */
    synchronized void crash() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** A crashed agent comes back on its address and port, serving what it was last given; a running one keeps running. */
    synchronized void restart() throws IOException {
        if (server == null) {
            server = listen(address);
        }
    }

    @Override
    public void close() {
        crash();
    }
}
