package io.fusionscaler.ops;

import io.fusionscaler.fusion.Decision;
import io.fusionscaler.fusion.UnavailableDecision;
import io.fusionscaler.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScrapeDecisionTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final List<Instant> decidedAt = new ArrayList<>();
    private final ScrapeDecision decision = new ScrapeDecision(now -> {
        decidedAt.add(now);
        return new UnavailableDecision("kafka", "decision " + decidedAt.size(), List.of());
    }, clock);

    @Test
    void theGaugesOfOneScrapeShareOneDecision() {
        Decision first = decision.get();
        clock.advance(Duration.ofMillis(400));
        Decision second = decision.get();
        clock.advance(Duration.ofMillis(599));

        assertThat(decision.get()).isSameAs(first).isSameAs(second);
        assertThat(decidedAt).hasSize(1);
    }

    @Test
    void aReadOneSecondLaterDecidesAfresh() {
        Decision first = decision.get();
        clock.advance(ScrapeDecision.REUSE);

        assertThat(decision.get()).isNotSameAs(first);
        assertThat(decidedAt).containsExactly(Instant.parse("2026-11-30T12:00:00Z"), Instant.parse("2026-11-30T12:00:01Z"));
    }

    @Test
    void aClockThatStepsBackDecidesAfresh() {
        decision.get();
        clock.advance(Duration.ofMillis(-10));

        decision.get();

        assertThat(decidedAt).hasSize(2);
    }
}
