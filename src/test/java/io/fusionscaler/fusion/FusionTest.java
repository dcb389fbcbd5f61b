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
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private final Fusion max = new Fusion(FusionPolicy.MAX);
    private final Fusion min = new Fusion(FusionPolicy.MIN);

    private static SignalReading reading(String signal, long desired, boolean active, Instant observedAt) {
        return new SignalReading(signal, desired * 10.0, desired, active, observedAt, Coverage.whole(3, "pods"), Map.of());
    }

    private static SignalState measured(String signal, long desired, boolean active, Instant at) {
        return SignalState.pending(signal, LIMIT).record(new SignalOutcome.Measured(reading(signal, desired, active, at)), at);
    }

    private static SignalState absent(String signal, Instant at) {
        return SignalState.pending(signal, LIMIT).record(new SignalOutcome.Absent("target has 0 replicas"), at);
    }

    @Test
    void desiredReplicasAreTheMaximumOfTheSignalsAndNameTheSignalThatDecided() {
        Decision decision = max.decide(List.of(measured("kafka", 3, false, NOW), measured("queue", 7, false, NOW)), NOW);

        assertThat(decision).isInstanceOfSatisfying(FusedDecision.class, d -> {
            assertThat(d.desiredReplicas()).isEqualTo(7);
            assertThat(d.active()).isFalse();
            assertThat(d.decidedBy()).containsExactly("queue");
            assertThat(d.signals()).extracting(SignalVerdict::signal).containsExactly("kafka", "queue");
        });
    }

    @Test
    void minScalesUpOnlyWhenEverySignalWantsIt() {
        Decision decision = min.decide(List.of(measured("gpu", 4, true, NOW), measured("queue", 2, true, NOW)), NOW);

        assertThat(decision).isInstanceOfSatisfying(FusedDecision.class, d -> {
            assertThat(d.desiredReplicas()).isEqualTo(2);
            assertThat(d.decidedBy()).containsExactly("queue");
        });
    }

    @Test
    void anyActiveSignalMakesTheTriggerActive() {
        Decision decision = max.decide(List.of(measured("kafka", 0, false, NOW), measured("queue", 0, true, NOW)), NOW);

        assertThat(((FusedDecision) decision).active()).isTrue();
    }

    @Test
    void anAbsentSignalTakesNoPartInReplicasNorActivity() {
        Decision withMax = max.decide(List.of(absent("cpu", NOW), measured("kafka", 2, false, NOW)), NOW);
        Decision withMin = min.decide(List.of(absent("cpu", NOW), measured("kafka", 2, false, NOW)), NOW);

        assertThat(withMax).isInstanceOfSatisfying(FusedDecision.class, d -> {
            assertThat(d.desiredReplicas()).isEqualTo(2);
            assertThat(d.active()).isFalse();
            assertThat(d.decidedBy()).containsExactly("kafka");
            assertThat(d.signals().get(0).status()).isEqualTo(SignalVerdict.Status.ABSENT);
            assertThat(d.signals().get(0).absentReason()).isEqualTo("target has 0 replicas");
            assertThat(d.signals().get(0).reading()).isNull();
        });
        assertThat(((FusedDecision) withMin).desiredReplicas()).isEqualTo(2);
    }

    @Test
    void everySignalAbsentIsZeroReplicasInactiveNotUnavailable() {
        Decision decision = max.decide(List.of(absent("cpu", NOW), absent("gpu", NOW.minusSeconds(3))), NOW);

        assertThat(decision).isInstanceOfSatisfying(FusedDecision.class, d -> {
            assertThat(d.desiredReplicas()).isZero();
            assertThat(d.active()).isFalse();
            assertThat(d.decidedBy()).isEmpty();
        });
    }

    @Test
    void anAbsenceGoesStaleLikeAReading() {
        Decision decision = max.decide(List.of(absent("cpu", NOW.minusSeconds(11))), NOW);

        assertThat(decision).isInstanceOfSatisfying(UnavailableDecision.class, d -> assertThat(d.signal()).isEqualTo("cpu"));
    }

    @Test
    void aSignalNeverRefreshedIsUnavailableNotZero() {
        Decision decision = max.decide(List.of(measured("kafka", 2, true, NOW), SignalState.pending("queue", LIMIT)), NOW);

        assertThat(decision).isInstanceOfSatisfying(UnavailableDecision.class, d -> {
            assertThat(d.signal()).isEqualTo("queue");
            assertThat(d.message()).contains("queue signal unavailable").contains("first refresh pending");
        });
    }

    @Test
    void aReadingOlderThanTheStalenessLimitIsUnavailableAndNamesTheLastError() {
        SignalState stale = measured("kafka", 4, true, NOW.minusSeconds(11))
                .record(new SignalOutcome.Failed("cluster 'main' unreachable"), NOW.minusSeconds(1));

        Decision decision = max.decide(List.of(stale), NOW);

        assertThat(decision).isInstanceOfSatisfying(UnavailableDecision.class, d -> {
            assertThat(d.message()).contains("kafka").contains("11000 ms ago").contains("cluster 'main' unreachable");
            assertThat(d.signals().get(0).reading().desiredReplicas()).isEqualTo(4);
            assertThat(d.signals().get(0).fresh()).isFalse();
        });
    }

    @Test
    void stalenessCountsFromWhenTheDataWasObservedNotFromTheRefresh() {
        SignalReading oldData = reading("cpu", 3, true, NOW.minusSeconds(12));
        SignalState refreshedJustNow = SignalState.pending("cpu", LIMIT).record(new SignalOutcome.Measured(oldData), NOW);

        assertThat(max.decide(List.of(refreshedJustNow), NOW)).isInstanceOfSatisfying(UnavailableDecision.class,
                d -> assertThat(d.message()).contains("data observed 12000 ms ago"));
        assertThat(refreshedJustNow.staleAt()).isEqualTo(NOW.minusSeconds(2));
    }

    @Test
    void eachSignalHasItsOwnStalenessLimit() {
        SignalState cpu = SignalState.pending("cpu", Duration.ofSeconds(60))
                .record(new SignalOutcome.Measured(reading("cpu", 2, true, NOW.minusSeconds(30))), NOW);
        SignalState kafka = measured("kafka", 1, false, NOW.minusSeconds(5));

        assertThat(max.decide(List.of(cpu, kafka), NOW)).isInstanceOf(FusedDecision.class);
    }

    @Test
    void aFailureWithinTheStalenessLimitKeepsTheLastReadingAndReportsTheError() {
        SignalState recent = measured("kafka", 4, true, NOW.minusSeconds(9))
                .record(new SignalOutcome.Failed("timeout"), NOW);

        Decision decision = max.decide(List.of(recent), NOW);

        assertThat(decision).isInstanceOfSatisfying(FusedDecision.class, d -> {
            assertThat(d.desiredReplicas()).isEqualTo(4);
            assertThat(d.signals().get(0).lastError()).isEqualTo("timeout");
            assertThat(d.signals().get(0).age()).isEqualTo(Duration.ofSeconds(9));
        });
    }

    @Test
    void aSuccessClearsTheLastError() {
        SignalState state = SignalState.pending("kafka", LIMIT).record(new SignalOutcome.Failed("down"), NOW.minusSeconds(2));
        SignalState recovered = state.record(new SignalOutcome.Measured(reading("kafka", 0, false, NOW)), NOW);

        assertThat(recovered.lastError()).isNull();
        assertThat(recovered.lastSuccess()).isEqualTo(NOW);
    }

    @Test
    void readingsRejectImpossibleFigures() {
        assertThatThrownBy(() -> new SignalReading("kafka", Double.NaN, 1, true, NOW, Coverage.whole(1, "pods"), Map.of()))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new SignalReading("kafka", 1, -1, true, NOW, Coverage.whole(1, "pods"), Map.of()))
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new Coverage(21, 20, "pods")).hasMessageContaining("covered <= total");
    }

    @Test
    void coverageSaysHowMuchOfTheTargetAnswered() {
        Coverage coverage = new Coverage(17, 20, "pods");

        assertThat(coverage.partial()).isTrue();
        assertThat(coverage.ratio()).isEqualTo(0.85);
        assertThat(coverage).hasToString("17 of 20 pods");
        assertThat(Coverage.whole(0, "pods").ratio()).isEqualTo(1.0);
    }

    @Test
    void policiesAreNamedByLowercaseKeys() {
        assertThat(FusionPolicy.fromKey("max")).contains(FusionPolicy.MAX);
        assertThat(FusionPolicy.fromKey("min")).contains(FusionPolicy.MIN);
        assertThat(FusionPolicy.fromKey("MAX")).isEmpty();
    }
}
