package io.fusionscaler.signal.gpu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fusionscaler.gpuagent.api.GpuAgentReport;
import io.fusionscaler.podhttp.BoundedGet;
import io.fusionscaler.signal.RefreshDeadline;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
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

/**
 * Pulls {@code GET /gpu-agent/v1/pods} from every agent at once over HTTP/1.1 with Vert.x's client through
 * {@link BoundedGet} (as the queue signal's scraper does), one kept-alive connection per agent. Each pull has a
 * timeout covering connecting and the whole body, within what the refresh's deadline leaves, and a size cap; whatever
 * goes wrong becomes that agent's {@link AgentAnswer.Failure}, never an exception. JSON is read on the calling thread, not on Vert.x's event loop.
 */
final class AgentClient implements AutoCloseable {

    static final String PATH = "/gpu-agent/v1/pods";
    private static final int MAX_REASON = 200;
    private static final BoundedGet.Wording WORDING = new BoundedGet.Wording(
            timeoutMillis -> "no answer within " + timeoutMillis + " ms (fusion.gpu.agent-timeout)",
            maxBytes -> "answer larger than " + maxBytes + " bytes (fusion.gpu.max-response-size)",
            status -> "HTTP " + status + (status == 401 ? " (the agents require a bearer token: set fusion.gpu.agents.token-file)" : ""),
            AgentClient::describe);

    private final HttpClient client;
    private final BoundedGet get;
    private final Duration timeout;
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    AgentClient(Vertx vertx, Duration timeout, long maxBytes, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.get = new BoundedGet(vertx, maxBytes, WORDING);
        this.client = vertx.createHttpClient(BoundedGet.clientOptions(timeout), BoundedGet.poolOptions());
    }

    /** Asks every agent at once; returns an answer for each. Blocks the calling thread (an engine worker) until all are in. */
    Map<AgentPod, AgentAnswer> pullAll(Collection<AgentPod> agents, int port, Optional<String> token, RefreshDeadline deadline)
            throws InterruptedException {
        Map<AgentPod, CompletableFuture<BoundedGet.Result>> started = new LinkedHashMap<>();
        for (AgentPod agent : agents) {
            long left = deadline.remainingMillis();
            started.put(agent, left == 0
                    ? CompletableFuture.completedFuture(new BoundedGet.Failure("not asked: the refresh budget ran out first (fusion.gpu.refresh-budget)"))
                    : fetch(agent, port, token, Math.max(1, Math.min(timeout.toMillis(), left))));
        }
        Map<AgentPod, AgentAnswer> answers = new HashMap<>();
        for (Map.Entry<AgentPod, CompletableFuture<BoundedGet.Result>> entry : started.entrySet()) {
            answers.put(entry.getKey(), await(entry.getValue(), deadline));
        }
        return answers;
    }

    /** Each pull ends by its own timer; the wait is bounded anyway, in case a timer never fires. */
    private AgentAnswer await(CompletableFuture<BoundedGet.Result> pull, RefreshDeadline deadline) throws InterruptedException {
        BoundedGet.Result outcome;
        try {
            outcome = pull.get(deadline.remainingMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pull.cancel(false);
            return new AgentAnswer.Failure("no answer by the end of the refresh budget");
        } catch (ExecutionException e) {
            return new AgentAnswer.Failure(describe(e.getCause()));
        }
        if (outcome instanceof BoundedGet.Failure failure) {
            return new AgentAnswer.Failure(failure.reason());
        }
        Instant received = clock.instant();
        try {
            GpuAgentReport report = json.readValue(((BoundedGet.Body) outcome).bytes(), GpuAgentReport.class);
            if (report == null || report.sampleTime() == null) {
                return new AgentAnswer.Failure("not a gpu-agent report (no sampleTime)");
            }
            return new AgentAnswer.Report(report, received);
        } catch (IOException e) {
            return new AgentAnswer.Failure("not a gpu-agent report: " + describe(e));
        }
    }

    /** One agent; completes with the body or a failure within {@code timeoutMillis}. */
    private CompletableFuture<BoundedGet.Result> fetch(AgentPod agent, int port, Optional<String> token, long timeoutMillis) {
        RequestOptions options = new RequestOptions()
                .setHost(agent.ip())
                .setPort(port)
                .setURI(PATH)
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        token.ifPresent(t -> options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + t));
        return get.get(client, options, timeoutMillis);
    }

    static String describe(Throwable error) {
        String text = BoundedGet.describe(error);
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
    }

    @Override
    public void close() {
        client.close();
    }
}
