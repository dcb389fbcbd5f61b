package io.fusionscaler.podhttp;

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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/**
 * One HTTP/1.1 GET over Vert.x core's client, bounded in time and size. A timer covers connecting, the headers and the
 * whole body, and resets the exchange when it fires; a status other than 200, a declared {@code Content-Length} above the
 * cap, or a body that grows past it ends the exchange too (its connection is closed, so a half-read response is never
 * reused). Whatever goes wrong completes the future with a {@link Failure}, never exceptionally, worded by the caller
 * ({@link Wording}: its own noun and settings). The body is handed over as bytes: decoding it is the caller's.
 */
public final class BoundedGet {

    /** What one GET ends with. */
    public sealed interface Result permits Body, Failure {
    }

    /** The whole body of a 200 answer, at most the cap. */
    public record Body(byte[] bytes) implements Result {
        public Body {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** Why there is no body, in the caller's words. */
    public record Failure(String reason) implements Result {
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * How a caller words each failure.
     *
     * @param timedOut  no complete answer within the timeout (milliseconds)
     * @param tooLarge  the answer is larger than the cap (bytes)
     * @param status    an HTTP status other than 200
     * @param error     the client's own error (connect refused, reset, TLS...)
     */
    public record Wording(LongFunction<String> timedOut, LongFunction<String> tooLarge, IntFunction<String> status,
            Function<Throwable, String> error) {
        public Wording {
            Objects.requireNonNull(timedOut, "timedOut");
            Objects.requireNonNull(tooLarge, "tooLarge");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(error, "error");
        }
    }

    /** A pod is asked once per refresh: one kept-alive connection per pod is enough, and the fewest sockets. */
    private static final int CONNECTIONS_PER_HOST = 1;
    private static final int KEEP_ALIVE_SECONDS = 60;
    /** The body buffer starts at most this large, whatever the answer declares; it grows as chunks come. */
    private static final int MAX_INITIAL_BUFFER = 1 << 20;

    private final Vertx vertx;
    private final long maxBytes;
    private final Wording wording;

    public BoundedGet(Vertx vertx, long maxBytes, Wording wording) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.maxBytes = maxBytes;
        this.wording = Objects.requireNonNull(wording, "wording");
    }

    /** Client settings for GETs bounded by {@code timeout}: kept-alive connections, no decompression. */
    public static HttpClientOptions clientOptions(Duration timeout) {
        return new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setDecompressionSupported(false);
    }

    /** One connection per pod: each is asked once per refresh. */
    public static PoolOptions poolOptions() {
        return new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_HOST);
    }

    /**
     * The startup checks of a bounded GET's settings, one line per problem, in a list the caller may add its own to: the
     * timeout is {@code > 0} and shorter than the refresh budget (or one dead {@code peer} overruns every refresh), the
     * size cap is 1 byte to 2 GiB.
     */
    public static List<String> limitProblems(String timeoutKey, Duration timeout, String budgetKey, Duration budget,
            String peer, String maxBytesKey, long maxBytes) {
        List<String> problems = new ArrayList<>();
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add(timeoutKey + " must be > 0, got " + timeout);
        } else if (timeout.compareTo(budget) >= 0) {
            problems.add(timeoutKey + " (" + timeout + ") must be shorter than " + budgetKey + " (" + budget
                    + "), or one dead " + peer + " overruns every refresh");
        }
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE) {
            problems.add(maxBytesKey + " must be 1 byte to 2 GiB, got " + maxBytes);
        }
        return problems;
    }

    /**
     * GETs {@code request} (host, port, URI and headers set by the caller) through {@code client}; the future completes
     * within {@code timeoutMillis} (connect, headers and body together), on a Vert.x thread.
     */
    public CompletableFuture<Result> get(HttpClient client, RequestOptions request, long timeoutMillis) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> exchange = new AtomicReference<>();
        long timer = vertx.setTimer(timeoutMillis, id -> {
            if (result.complete(new Failure(wording.timedOut().apply(timeoutMillis)))) {
                HttpClientRequest started = exchange.get();
                if (started != null) {
                    started.reset();
                }
            }
        });
        result.whenComplete((answer, error) -> vertx.cancelTimer(timer));
        request.setMethod(HttpMethod.GET).setConnectTimeout(timeoutMillis);
        client.request(request).onComplete(opened -> {
            if (opened.failed()) {
                result.complete(new Failure(wording.error().apply(opened.cause())));
                return;
            }
            HttpClientRequest started = opened.result();
            exchange.set(started);
            if (result.isDone()) {
                started.reset();
                return;
            }
            started.send().onComplete(sent -> {
                if (sent.failed()) {
                    result.complete(new Failure(wording.error().apply(sent.cause())));
                } else {
                    read(sent.result(), started, result);
                }
            });
        });
        return result;
    }

    private void read(HttpClientResponse response, HttpClientRequest request, CompletableFuture<Result> result) {
        if (response.statusCode() != 200) {
            fail(result, request, wording.status().apply(response.statusCode()));
            return;
        }
        long declared = declaredLength(response);
        if (declared > maxBytes) {
            fail(result, request, wording.tooLarge().apply(maxBytes));
            return;
        }
        Buffer body = Buffer.buffer((int) Math.max(256, Math.min(declared, Math.min(maxBytes, MAX_INITIAL_BUFFER))));
        response.handler(chunk -> {
            if (result.isDone()) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBytes) {
                fail(result, request, wording.tooLarge().apply(maxBytes));
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(error -> result.complete(new Failure(wording.error().apply(error))));
        response.endHandler(end -> result.complete(new Body(body.getBytes())));
    }

    /** Ends the exchange and closes its connection, so a half-read response is never reused. */
    private static void fail(CompletableFuture<Result> result, HttpClientRequest request, String reason) {
        if (result.complete(new Failure(reason))) {
            request.reset();
        }
    }

    private static long declaredLength(HttpClientResponse response) {
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An error as one line: its message, or its class's name when it has none. Callers shorten it their own way. */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return (message == null || message.isBlank() ? error.getClass().getSimpleName() : message).replace('\n', ' ');
    }
}
