package io.fusionscaler.podhttp;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounds of one GET against a real local server: time (connect, headers, body), size (declared or read), status. */
class BoundedGetTest {

    /** Generous: a cold JVM on a loaded machine. */
    private static final long TIMEOUT_MILLIS = 40_000;
    private static final String PAGE = "grpc_server_queue_depth 3\n";
    private static final BoundedGet.Wording WORDING = new BoundedGet.Wording(
            millis -> "timed out after " + millis + " ms",
            max -> "larger than " + max + " bytes",
            status -> "HTTP " + status,
            BoundedGet::describe);

    private static Vertx vertx;
    private static HttpServer server;

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    switch (request.path()) {
                        case "/declared-large" -> request.response().putHeader("Content-Length", "100000").write("m 1\n");
                        case "/chunked-large" -> {
                            request.response().setChunked(true).write("m 1\n".repeat(200));
                            request.response().write("m 1\n".repeat(200)).onComplete(written -> request.response().end());
                        }
                        case "/headers-only" -> request.response().setChunked(true).write("m 1\n");
                        case "/silent" -> { }
                        case "/missing" -> request.response().setStatusCode(404).end("not here");
                        default -> request.response().end(PAGE);
                    }
                })
                .listen(0, "127.0.0.2").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServer() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static BoundedGet.Result get(long maxBytes, String path, long timeoutMillis) throws Exception {
        HttpClient client = vertx.createHttpClient(BoundedGet.clientOptions(Duration.ofMillis(timeoutMillis)), BoundedGet.poolOptions());
        try {
            RequestOptions request = new RequestOptions().setHost("127.0.0.2").setPort(server.actualPort()).setURI(path);
            return new BoundedGet(vertx, maxBytes, WORDING).get(client, request, timeoutMillis).get(60, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    private static String body(BoundedGet.Result result) {
        assertThat(result).isInstanceOf(BoundedGet.Body.class);
        return new String(((BoundedGet.Body) result).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        assertThat(body(get(1024, "/metrics", TIMEOUT_MILLIS))).isEqualTo(PAGE);
    }

    @Test
    void aBodyExactlyAtTheLimitIsRead() throws Exception {
        assertThat(body(get(PAGE.length(), "/metrics", TIMEOUT_MILLIS))).isEqualTo(PAGE);
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        assertThat(get(1024, "/declared-large", TIMEOUT_MILLIS)).isEqualTo(new BoundedGet.Failure("larger than 1024 bytes"));
    }

    @Test
    void aChunkedBodyIsCutOffOnceItGrowsPastTheLimit() throws Exception {
        assertThat(get(1024, "/chunked-large", TIMEOUT_MILLIS)).isEqualTo(new BoundedGet.Failure("larger than 1024 bytes"));
    }

    @Test
    void aStatusOtherThan200IsAFailureInTheCallersWords() throws Exception {
        assertThat(get(1024, "/missing", TIMEOUT_MILLIS)).isEqualTo(new BoundedGet.Failure("HTTP 404"));
    }

    @Test
    void theTimeoutCoversTheHeadersAndTheWholeBody() throws Exception {
        assertThat(get(1024, "/silent", 300)).isEqualTo(new BoundedGet.Failure("timed out after 300 ms"));
        assertThat(get(1024, "/headers-only", 300)).isEqualTo(new BoundedGet.Failure("timed out after 300 ms"));
    }

    @Test
    void aRefusedConnectionIsAFailureNotAnException() throws Exception {
        HttpClient client = vertx.createHttpClient(BoundedGet.clientOptions(Duration.ofSeconds(5)), BoundedGet.poolOptions());
        try {
            RequestOptions request = new RequestOptions().setHost("127.0.0.2").setPort(1).setURI("/");
            assertThat(new BoundedGet(vertx, 1024, WORDING).get(client, request, 5_000).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(BoundedGet.Failure.class);
        } finally {
            client.close();
        }
    }

    @Test
    void anErrorIsDescribedOnOneLine() {
        assertThat(BoundedGet.describe(new IllegalStateException("two\nlines"))).isEqualTo("two lines");
        assertThat(BoundedGet.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
