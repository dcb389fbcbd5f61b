package io.fusionscaler.signal.gpu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.signal.RefreshDeadline;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pulls {@code GET /gpu-agent/v1/pods} from every agent at once over HTTP/1.1 with Vert.x's client (as the queue
 * signal's scraper does), one kept-alive connection per agent. Each pull has a timeout covering connecting and the whole
 * body, within what the refresh's deadline leaves, and a size cap; whatever goes wrong becomes that agent's
 * {@link AgentAnswer.Failure}, never an exception. JSON is read on the calling thread, not on Vert.x's event loop.
 */
final class AgentClient implements AutoCloseable {

    static final String PATH = "/gpu-agent/v1/pods";
    private static final int KEEP_ALIVE_SECONDS = 60;
    private static final int MAX_REASON = 200;

    private final Vertx vertx;
    private final HttpClient client;
    private final Duration timeout;
    private final long maxBytes;
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    AgentClient(Vertx vertx, Duration timeout, long maxBytes, Clock clock) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setDecompressionSupported(false), new PoolOptions().setHttp1MaxSize(1));
    }

    /** Asks every agent at once; returns an answer for each. Blocks the calling thread (an engine worker) until all are in. */
    Map<AgentPod, AgentAnswer> pullAll(Collection<AgentPod> agents, int port, Optional<String> token, RefreshDeadline deadline)
            throws InterruptedException {
        Map<AgentPod, CompletableFuture<Object>> started = new LinkedHashMap<>();
        for (AgentPod agent : agents) {
            long left = deadline.remainingMillis();
            started.put(agent, left == 0
                    ? CompletableFuture.completedFuture(new AgentAnswer.Failure("not asked: the refresh budget ran out first (fusion.gpu.refresh-budget)"))
                    : fetch(agent, port, token, Math.max(1, Math.min(timeout.toMillis(), left))));
        }
        Map<AgentPod, AgentAnswer> answers = new HashMap<>();
        for (Map.Entry<AgentPod, CompletableFuture<Object>> entry : started.entrySet()) {
            answers.put(entry.getKey(), await(entry.getValue(), deadline));
        }
        return answers;
    }

    /** Each pull ends by its own timer; the wait is bounded anyway, in case a timer never fires. */
    private AgentAnswer await(CompletableFuture<Object> pull, RefreshDeadline deadline) throws InterruptedException {
        Object outcome;
        try {
            outcome = pull.get(deadline.remainingMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pull.cancel(false);
            return new AgentAnswer.Failure("no answer by the end of the refresh budget");
        } catch (ExecutionException e) {
            return new AgentAnswer.Failure(describe(e.getCause()));
        }
        if (outcome instanceof AgentAnswer.Failure failure) {
            return failure;
        }
        Instant received = clock.instant();
        try {
            GpuAgentReport report = json.readValue(((Buffer) outcome).getBytes(), GpuAgentReport.class);
            if (report == null || report.sampleTime() == null) {
                return new AgentAnswer.Failure("not a gpu-agent report (no sampleTime)");
            }
            return new AgentAnswer.Report(report, received);
        } catch (IOException e) {
            return new AgentAnswer.Failure("not a gpu-agent report: " + describe(e));
        }
    }

    /** One agent; completes with the body ({@link Buffer}) or a {@link AgentAnswer.Failure} within {@code timeoutMillis}. */
    private CompletableFuture<Object> fetch(AgentPod agent, int port, Optional<String> token, long timeoutMillis) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        long timer = vertx.setTimer(timeoutMillis, id -> {
            if (result.complete(new AgentAnswer.Failure("no answer within " + timeoutMillis + " ms (fusion.gpu.agent-timeout)"))) {
                HttpClientRequest started = request.get();
                if (started != null) {
                    started.reset();
                }
            }
        });
        result.whenComplete((answer, error) -> vertx.cancelTimer(timer));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(agent.ip())
                .setPort(port)
                .setURI(PATH)
                .setConnectTimeout(timeoutMillis)
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        token.ifPresent(t -> options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + t));
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                result.complete(new AgentAnswer.Failure(describe(opened.cause())));
                return;
            }
            HttpClientRequest started = opened.result();
            request.set(started);
            if (result.isDone()) {
                started.reset();
                return;
            }
            started.send().onComplete(sent -> {
                if (sent.failed()) {
                    result.complete(new AgentAnswer.Failure(describe(sent.cause())));
                } else {
                    read(sent.result(), started, result);
                }
            });
        });
        return result;
    }

    private void read(HttpClientResponse response, HttpClientRequest request, CompletableFuture<Object> result) {
        if (response.statusCode() != 200) {
            fail(result, request, "HTTP " + response.statusCode() + (response.statusCode() == 401
                    ? " (the agents require a bearer token: set fusion.gpu.agents.token-file)" : ""));
            return;
        }
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared = -1;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared > maxBytes) {
            fail(result, request, tooLarge());
            return;
        }
        Buffer body = Buffer.buffer((int) Math.max(256, Math.min(declared, Math.min(maxBytes, 1 << 20))));
        response.handler(chunk -> {
            if (result.isDone()) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBytes) {
                fail(result, request, tooLarge());
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(error -> result.complete(new AgentAnswer.Failure(describe(error))));
        response.endHandler(end -> result.complete(body));
    }

    private String tooLarge() {
        return "answer larger than " + maxBytes + " bytes (fusion.gpu.max-response-size)";
    }

    /** Ends the exchange and closes its connection, so a half-read response is never reused. */
    private static void fail(CompletableFuture<Object> result, HttpClientRequest request, String reason) {
        if (result.complete(new AgentAnswer.Failure(reason))) {
            request.reset();
        }
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        String text = (message == null || message.isBlank() ? error.getClass().getSimpleName() : message).replace('\n', ' ');
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
    }

    @Override
    public void close() {
        client.close();
    }
}
