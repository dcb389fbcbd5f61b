package io.fusionscaler.signal.queue;

import io.fusionscaler.testing.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a page must be to be read: https checked against the configured CA, UTF-8. The time and size bounds are
 * {@code io.fusionscaler.podhttp.BoundedGetTest}'s.
 */
class PodScraperTest {

    /** Generous: the first TLS handshake of a cold JVM on a loaded machine takes seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final String PAGE = "grpc_server_queue_depth 3\n";

    private static Vertx vertx;
    private static TestCertificates.Pem certificate;
    private static HttpServer https;
    private static HttpServer plain;

    @BeforeAll
    static void startServers(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        certificate = TestCertificates.create(dir, "metrics-pod");
        https = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certificate().toString())
                                .setKeyPath(certificate.key().toString())))
                .requestHandler(request -> request.response().end(PAGE))
                .listen(0, "127.0.0.2").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        plain = vertx.createHttpServer()
                .requestHandler(request -> {
                    switch (request.path()) {
                        case "/latin1" -> request.response().end(Buffer.buffer(new byte[]{'m', '{', 'a', '=', '"', (byte) 0xE9, '"', '}', ' ', '1', '\n'}));
                        case "/replacement" -> request.response().end("m{a=\"\uFFFD\"} 1\n");
                        default -> request.response().end(PAGE);
                    }
                })
                .listen(0, "127.0.0.2").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServers() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static ScrapeResult scrape(ScrapeSettings settings, ScrapeEndpoint.Scheme scheme, HttpServer server, String path) throws Exception {
        try (PodScraper scraper = new PodScraper(vertx, settings)) {
            return scraper.scrape(new ScrapeTarget(scheme, "127.0.0.2", server.actualPort(), path), TIMEOUT.toMillis()).get();
        }
    }

    @Test
    void httpsPagesAreReadWhenTheirCertificateChainsToTheConfiguredCaWhateverTheirHostName() throws Exception {
        ScrapeSettings trusting = new ScrapeSettings(TIMEOUT, 1, 1024, Optional.of(certificate.certificate()), false);

        assertThat(scrape(trusting, ScrapeEndpoint.Scheme.HTTPS, https, "/metrics")).isEqualTo(new ScrapeResult.Page(PAGE));
    }

    @Test
    void httpsPagesWithAnUntrustedCertificateAreThatPodsErrorUnlessChecksAreOff() throws Exception {
        ScrapeSettings jvmTrust = ScrapeSettings.plain(TIMEOUT, 1, 1024);
        ScrapeSettings insecure = new ScrapeSettings(TIMEOUT, 1, 1024, Optional.empty(), true);

        assertThat(scrape(jvmTrust, ScrapeEndpoint.Scheme.HTTPS, https, "/metrics")).isInstanceOf(ScrapeResult.Failure.class);
        assertThat(scrape(insecure, ScrapeEndpoint.Scheme.HTTPS, https, "/metrics")).isEqualTo(new ScrapeResult.Page(PAGE));
    }

    @Test
    void aPageThatIsNotUtf8IsAnError() throws Exception {
        assertThat(scrape(ScrapeSettings.plain(TIMEOUT, 1, 1024), ScrapeEndpoint.Scheme.HTTP, plain, "/latin1"))
                .isEqualTo(new ScrapeResult.Failure("the page is not UTF-8 text"));
    }

    @Test
    void anEncodedReplacementCharacterIsValidText() throws Exception {
        assertThat(scrape(ScrapeSettings.plain(TIMEOUT, 1, 1024), ScrapeEndpoint.Scheme.HTTP, plain, "/replacement"))
                .isEqualTo(new ScrapeResult.Page("m{a=\"\uFFFD\"} 1\n"));
    }
}
