package io.fusionscaler.signal.queue;

import io.quarkus.runtime.configuration.MemorySize;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@link QueueConfig} without Quarkus (tests, the benchmark): the defaults, with a scrape timeout that a loaded machine still meets and a budget that covers it. */
public record TestQueueConfig(Duration refreshInterval, Duration refreshBudget, Duration stalenessLimit, Duration scrapeTimeout,
        int scrapeConcurrency, MemorySize maxResponseSize, Optional<Path> tlsCaFile, boolean tlsInsecure) implements QueueConfig {

    public static final int MAX_BYTES = 64 * 1024;

    public static TestQueueConfig defaults() {
        return new TestQueueConfig(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(2),
                4, new MemorySize(BigInteger.valueOf(MAX_BYTES)), Optional.empty(), false);
    }

    TestQueueConfig withCaFile(Path file) {
        return new TestQueueConfig(refreshInterval, refreshBudget, stalenessLimit, scrapeTimeout, scrapeConcurrency,
                maxResponseSize, Optional.of(file), tlsInsecure);
    }
}
