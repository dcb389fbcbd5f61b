package io.fusionscaler.fusion;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FusionTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final Fusion fusion = new Fusion(FusionPolicy.MAX, Duration.ofSeconds(10));

    private static SignalState measured(String signal, long desired, boolean active, Instant at) {
        return SignalState.pending(signal).record(new SignalOutcome.Measured(new SignalReading(signal, desired * 10.0, desired, active, Map.of())), at);
    }

    @Test
    void desiredReplicasAreTheMaximumOfTheSignals() {
        Decision decision = fusion.decide(List.of(measured("kafka", 3, false, NOW), measured("queue", 7, false, NOW)), NOW);

        assertThat(decision).isInstanceOfSatisfying(FusedDecision.class, d -> {
            assertThat(d.desiredReplicas()).isEqualTo(7);
            assertThat(d.active()).isFalse();
            assertThat(d.signals()).extracting(SignalVerdict::signal).containsExactly("kafka", "queue");
        });
    }

    @Test
    void anyActiveSignalMakesTheTriggerActive() {
        Decision decision = fusion.decide(List.of(measured("kafka", 0, false, NOW), measured("queue", 0, true, NOW)), NOW);

        assertThat(((FusedDecision) decision).active()).isTrue();
    }

    @Test
    void aSignalNeverRefreshedIsUnavailableNotZero() {
        Decision decision = fusion.decide(List.of(measured("kafka", 2, true, NOW), SignalState.pending("queue")), NOW);

        assertThat(decision).isInstanceOfSatisfying(UnavailableDecision.class, d -> {
            assertThat(d.signal()).isEqualTo("queue");
            assertThat(d.message()).contains("queue signal unavailable").contains("first refresh pending");
        });
    }

    @Test
    void aReadingOlderThanTheStalenessLimitIsUnavailableAndNamesTheLastError() {
        SignalState stale = measured("kafka", 4, true, NOW.minusSeconds(11))
                .record(new SignalOutcome.Failed("cluster 'main' unreachable"), NOW.minusSeconds(1));

        Decision decision = fusion.decide(List.of(stale), NOW);

        assertThat(decision).isInstanceOfSatisfying(UnavailableDecision.class, d -> {
            assertThat(d.message()).contains("kafka").contains("11000 ms ago").contains("cluster 'main' unreachable");
            assertThat(d.signals().get(0).reading().desiredReplicas()).isEqualTo(4);
            assertThat(d.signals().get(0).fresh()).isFalse();
        });
    }

    @Test
    void aFailureWithinTheStalenessLimitKeepsTheLastReadingAndReportsTheError() {
        SignalState recent = measured("kafka", 4, true, NOW.minusSeconds(9))
                .record(new SignalOutcome.Failed("timeout"), NOW);

        Decision decision = fusion.decide(List.of(recent), NOW);

        assertThat(decision).isInstanceOfSatisfying(FusedDecision.class, d -> {
            assertThat(d.desiredReplicas()).isEqualTo(4);
            assertThat(d.signals().get(0).lastError()).isEqualTo("timeout");
            assertThat(d.signals().get(0).age()).isEqualTo(Duration.ofSeconds(9));
        });
    }

    @Test
    void aSuccessClearsTheLastError() {
        SignalState state = SignalState.pending("kafka").record(new SignalOutcome.Failed("down"), NOW.minusSeconds(2));
        SignalState recovered = state.record(new SignalOutcome.Measured(new SignalReading("kafka", 0, 0, false, Map.of())), NOW);

        assertThat(recovered.lastError()).isNull();
        assertThat(recovered.lastSuccess()).isEqualTo(NOW);
    }

    @Test
    void readingsRejectImpossibleFigures() {
        assertThatThrownBy(() -> new SignalReading("kafka", Double.NaN, 1, true, Map.of())).hasMessageContaining("finite");
        assertThatThrownBy(() -> new SignalReading("kafka", 1, -1, true, Map.of())).hasMessageContaining(">= 0");
    }

    @Test
    void policiesAreNamedByLowercaseKeys() {
        assertThat(FusionPolicy.fromKey("max")).contains(FusionPolicy.MAX);
        assertThat(FusionPolicy.fromKey("MAX")).isEmpty();
    }
}
