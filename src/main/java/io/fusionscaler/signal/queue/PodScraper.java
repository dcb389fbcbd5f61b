package io.fusionscaler.signal.queue;

import io.fusionscaler.podhttp.BoundedGet;
import io.fusionscaler.signal.RefreshDeadline;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches pods' metrics pages over HTTP/1.1 with Vert.x's client (measured at about eight times the JDK client's
 * scrapes per CPU second on this workload) through {@link BoundedGet}. Connections are kept alive between refreshes,
 * one per pod; a call's pages are started and collected on an event loop ({@link ScrapeRound}). Every page gets the
 * same limits: at most {@link ScrapeSettings#concurrency()} in flight per call, a per-pod timeout that covers
 * connecting and the whole body, and a size cap; whatever goes wrong becomes that pod's {@link ScrapeResult.Failure},
 * never an exception. Pages are decoded as strict UTF-8.
 */
public final class PodScraper implements AutoCloseable {

    /** Asks for the classic text format: OpenMetrics is only served to clients that ask for it. */
    static final String ACCEPT = "text/plain;version=0.0.4;q=1.0,*/*;q=0.1";
    private static final BoundedGet.Wording WORDING = new BoundedGet.Wording(
            timeoutMillis -> "no complete page within " + timeoutMillis + " ms",
            maxBytes -> "page larger than " + maxBytes + " bytes (fusion.queue.max-response-size)",
            status -> "HTTP " + status,
            PodScraper::describe);

    private final Vertx vertx;
    private final ScrapeSettings settings;
    private final BoundedGet get;
    private final HttpClient plain;
    private final HttpClient tls;

    public PodScraper(Vertx vertx, ScrapeSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.get = new BoundedGet(vertx, settings.maxBytes(), WORDING);
        PoolOptions pool = BoundedGet.poolOptions();
        this.plain = vertx.createHttpClient(BoundedGet.clientOptions(settings.timeout()), pool);
        HttpClientOptions tlsOptions = BoundedGet.clientOptions(settings.timeout()).setSsl(true).setVerifyHost(false).setTrustAll(settings.tlsInsecure());
        settings.tlsCaFile().ifPresent(file -> tlsOptions.setTrustOptions(new PemTrustOptions().addCertPath(file.toString())));
        this.tls = vertx.createHttpClient(tlsOptions, pool);
    }

    /**
     * Fetches every target once, within the per-pod timeout and what the deadline leaves. Returns a result for every
     * target. Blocks the calling thread (an engine worker) until all are in.
     */
    public Map<ScrapeTarget, ScrapeResult> scrapeAll(Collection<ScrapeTarget> targets, RefreshDeadline deadline)
            throws InterruptedException {
        return new ScrapeRound(vertx.getOrCreateContext(), List.copyOf(targets), this::scrape, settings.timeout().toMillis(), deadline)
                .run(settings.concurrency());
    }

    /** One page; the future completes within {@code timeoutMillis} (connect, headers and body together). */
    CompletableFuture<ScrapeResult> scrape(ScrapeTarget target, long timeoutMillis) {
        RequestOptions options = new RequestOptions()
                .setHost(target.ip())
                .setPort(target.port())
                .setURI(target.path())
                .putHeader(HttpHeaders.ACCEPT, ACCEPT);
        return get.get(target.scheme() == ScrapeEndpoint.Scheme.HTTPS ? tls : plain, options, timeoutMillis)
                .thenApply(answer -> answer instanceof BoundedGet.Body body
                        ? decode(body.bytes())
                        : new ScrapeResult.Failure(((BoundedGet.Failure) answer).reason()));
    }

    /**
     * Strict UTF-8. The JDK's lenient decoding is the fast one (ASCII pages are copied, not decoded); it turns malformed
     * bytes into U+FFFD, so only a page that then holds U+FFFD is decoded again, strictly, to tell the two apart.
     */
    static ScrapeResult decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return new ScrapeResult.Page(text);
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return new ScrapeResult.Page(text);
        } catch (CharacterCodingException e) {
            return new ScrapeResult.Failure("the page is not UTF-8 text");
        }
    }

    static String describe(Throwable error) {
        return PrometheusText.shorten(BoundedGet.describe(error));
    }

    @Override
    public void close() {
        plain.close();
        tls.close();
    }
}
