package io.fusionscaler.ops;

import io.fusionscaler.fusion.Decision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * One tracker's decision as its gauges read it: made once and reused by every gauge read within {@link #REUSE}, so the
 * gauges of one scrape agree with each other (desired replicas, activity and each signal's figures come from one
 * fusion) and a scrape fuses each tracker once rather than once per gauge. RPCs and the explain view decide afresh.
 */
final class ScrapeDecision {

    /** Longer than a scrape of thousands of trackers takes, shorter than any refresh interval worth scraping. */
    static final Duration REUSE = Duration.ofSeconds(1);

    private record Made(Instant at, Decision decision) {
    }

    private final Function<Instant, Decision> decide;
    private final Clock clock;
    private volatile Made last;

    ScrapeDecision(Function<Instant, Decision> decide, Clock clock) {
        this.decide = decide;
        this.clock = clock;
    }

    Decision get() {
        Instant now = clock.instant();
        Made made = last;
        if (made == null || now.isBefore(made.at()) || !now.isBefore(made.at().plus(REUSE))) {
            made = new Made(now, decide.apply(now));
            last = made;
        }
        return made.decision();
    }
}
