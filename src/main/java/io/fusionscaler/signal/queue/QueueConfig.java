package io.fusionscaler.signal.queue;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the queue signal scrapes pods: its pace, and the limits of each scrape. */
@ConfigMapping(prefix = "fusion.queue")
public interface QueueConfig {

    /** Pause between two refreshes of one namespace's queue triggers. */
    @WithDefault("1s")
    Duration refreshInterval();

    /** Longest time one refresh of one namespace may take, every scrape included (the engine's budget for it). */
    @WithDefault("5s")
    Duration refreshBudget();

    /**
     * Queue figures older than this are unknown (answers become UNAVAILABLE); also how long a pod that stops answering
     * keeps counting with its last value.
     */
    @WithDefault("10s")
    Duration stalenessLimit();

    /** Longest time one pod's scrape may take, connecting included; must be shorter than the refresh budget. */
    @WithDefault("2s")
    Duration scrapeTimeout();

    /** Scrapes one namespace's refresh runs at once. */
    @WithDefault("32")
    int scrapeConcurrency();

    /** A page larger than this is an error for its pod (the scrape is cut off there). */
    @WithDefault("2M")
    MemorySize maxResponseSize();

    /** PEM file of the CA certificates that {@code queueScheme: https} pages are checked against; the JVM's trust store when absent. */
    Optional<Path> tlsCaFile();

    /** Accept any certificate on {@code https} pages (no chain check); for self-signed metrics endpoints. */
    @WithDefault("false")
    boolean tlsInsecure();
}
