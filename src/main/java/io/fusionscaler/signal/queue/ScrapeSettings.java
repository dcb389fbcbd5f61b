package io.fusionscaler.signal.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits of {@link PodScraper}: per-pod timeout, scrapes at once, page size, and how https pages are trusted.
 * Read from {@link QueueConfig}; tests and the benchmark make their own.
 */
public record ScrapeSettings(Duration timeout, int concurrency, int maxBytes, Optional<Path> tlsCaFile, boolean tlsInsecure) {

    public ScrapeSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tlsCaFile, "tlsCaFile");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("fusion.queue.scrape-timeout must be > 0, got " + timeout);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("fusion.queue.scrape-concurrency must be >= 1, got " + concurrency);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("fusion.queue.max-response-size must be 1 byte to 2 GiB, got " + maxBytes);
        }
    }

    /** Plain http, default trust. */
    public static ScrapeSettings plain(Duration timeout, int concurrency, int maxBytes) {
        return new ScrapeSettings(timeout, concurrency, maxBytes, Optional.empty(), false);
    }

    static ScrapeSettings of(QueueConfig config) {
        long maxBytes = config.maxResponseSize().asLongValue();
        return new ScrapeSettings(config.scrapeTimeout(), config.scrapeConcurrency(),
                maxBytes > Integer.MAX_VALUE ? -1 : (int) maxBytes, config.tlsCaFile(), config.tlsInsecure());
    }
}
