package io.fusionscaler.signal.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The lag-rate policy on synthetic offset histories, one sample a second on a fixed clock. */
class LagRateModelTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final long NO_CAP = Long.MAX_VALUE;

    /** A consumer group on a fake clock: each tick produces and consumes whole messages and asks the model. */
    private static final class Group {
        private final LagRateModel model;
        private Instant at = T0;
        private long produced = 1_000_000;
        private long consumed = 1_000_000;
        private OptionalInt replicas = OptionalInt.empty();
        private long cap = NO_CAP;
        private LagRateDecision last;

        Group(LagRateSettings settings) {
            model = new LagRateModel(settings);
        }

        Group replicas(int count) {
            replicas = OptionalInt.of(count);
            return this;
        }

        Group cap(long partitions) {
            cap = partitions;
            return this;
        }

        Group backlog(long messages) {
            produced += messages;
            return this;
        }

        /** {@code seconds} ticks, each producing {@code in} and consuming {@code out} messages (never past the log end). */
        LagRateDecision run(int seconds, long in, long out) {
            for (int i = 0; i < seconds; i++) {
                at = at.plusSeconds(1);
                produced += in;
                consumed = Math.min(produced, consumed + out);
                last = model.observe(at, produced, consumed, produced - consumed, cap, replicas, 7);
            }
            return last;
        }

        long lag() {
            return produced - consumed;
        }
    }

    private static LagRateSettings settings(OptionalDouble replicaRate, Duration stabilization) {
        return new LagRateSettings(DRAIN, replicaRate, stabilization, WINDOW);
    }

    private static Group configured(double replicaRate) {
        return new Group(settings(OptionalDouble.of(replicaRate), Duration.ZERO));
    }

    @Test
    void firstSampleFallsBackBecauseTheProduceRateIsNotKnownYet() {
        LagRateDecision first = configured(100).replicas(1).run(1, 100, 100);

        assertThat(first.usedFallback()).isTrue();
        assertThat(first.desiredReplicas()).isEqualTo(7);
        assertThat(first.inputRate()).isEmpty();
        assertThat(first.reason()).contains("produce rate unknown");
    }

    @Test
    void configuredReplicaRateAnswersFromTheSecondSample() {
        Group group = configured(100).replicas(2).backlog(6_000);

        LagRateDecision decision = group.run(2, 300, 200);

        // λ_in 300/s, lag 6,200 → 6,200 / 60 s ≈ 103/s to catch up: (300 + 103) / 100 → 5
        assertThat(decision.usedFallback()).isFalse();
        assertThat(decision.inputRate().getAsDouble()).isCloseTo(300, within(1e-9));
        assertThat(decision.replicaRate().getAsDouble()).isEqualTo(100);
        assertThat(decision.desiredReplicas()).isEqualTo(5);
        assertThat(decision.reason()).contains("λ_in 300.00/s", "lag 6200 / 60s", "from lagReplicaRate", "= 5");
    }

    @Test
    void withoutReplicasOrConfiguredRateTheProcessingRateIsNeverInventedAndTheFallbackSaysWhy() {
        Group group = new Group(settings(OptionalDouble.empty(), Duration.ZERO)).backlog(50_000);

        LagRateDecision decision = group.run(60, 100, 80);

        assertThat(decision.usedFallback()).isTrue();
        assertThat(decision.replicaRate()).isEmpty();
        assertThat(decision.desiredReplicas()).isEqualTo(7);
        assertThat(decision.reason()).contains("replica count of the target is unknown", "lagReplicaRate is not set");
    }

    @Test
    void sixArgumentObserveHoldsTheCurrentReplicasWhileTheRateIsUnknown() {
        LagRateModel model = new LagRateModel(new LagRateSettings(DRAIN, OptionalDouble.empty(), Duration.ZERO));

        LagRateDecision decision = model.observe(T0, 100, 50, 50, NO_CAP, OptionalInt.of(3));

        assertThat(decision.usedFallback()).isTrue();
        assertThat(decision.desiredReplicas()).isEqualTo(3);
    }

    @Test
    void replicasWorkingThroughABacklogForAWholeWindowTeachTheProcessingRate() {
        Group group = new Group(settings(OptionalDouble.empty(), Duration.ZERO)).replicas(2).backlog(20_000);

        LagRateDecision early = group.run(10, 100, 150);
        LagRateDecision learned = group.run(1, 100, 150);

        assertThat(early.usedFallback()).isTrue();
        assertThat(early.reason()).contains("not measured yet");
        assertThat(learned.replicaRate().getAsDouble()).isCloseTo(75, within(1e-9));
        // (100 + 19,500 / 60) / 75 = 5.67 → 6
        assertThat(learned.desiredReplicas()).isEqualTo(6);
        assertThat(learned.reason()).contains("observed");
    }

    @Test
    void consumersThatKeepUpNeverTeachTheirThroughputAsCapacity() {
        Group group = new Group(settings(OptionalDouble.empty(), Duration.ZERO)).replicas(3);

        LagRateDecision decision = group.run(120, 90, 90);

        // 30/s per replica is what arrives, not what a replica can do: learning it would ask for one more replica each step
        assertThat(decision.usedFallback()).isTrue();
        assertThat(decision.replicaRate()).isEmpty();
    }

    @Test
    void aWindowWithoutBacklogOnlyEverRaisesTheProcessingRate() {
        Group group = configured(40).replicas(2);

        LagRateDecision slow = group.run(30, 60, 60);
        assertThat(slow.replicaRate().getAsDouble()).isEqualTo(40);

        LagRateDecision fast = group.run(30, 120, 120);
        assertThat(fast.replicaRate().getAsDouble()).isCloseTo(60, within(1e-9));
        assertThat(fast.desiredReplicas()).isEqualTo(2);
    }

    @Test
    void burstCountsOnceAsLagNotAgainAsProduceRate() {
        Group group = configured(100).replicas(1);
        group.run(20, 50, 50);

        LagRateDecision burst = group.backlog(24_000).run(3, 50, 50);

        assertThat(burst.inputRate().getAsDouble()).isCloseTo(50, within(1e-9));
    }

    @Test
    void rampInputIsFollowedStepByStep() {
        Group group = configured(100).cap(20);

        assertThat(group.run(20, 100, 100).desiredReplicas()).isEqualTo(1);
        assertThat(group.run(20, 250, 250).desiredReplicas()).isEqualTo(3);
        assertThat(group.run(20, 480, 480).desiredReplicas()).isEqualTo(5);
        assertThat(group.run(20, 900, 900).desiredReplicas()).isEqualTo(9);
    }

    @Test
    void burstScalesUpAtOnceAndDownOnlyAfterTheStabilizationWindow() {
        Group group = new Group(settings(OptionalDouble.of(100), Duration.ofSeconds(60))).replicas(1);
        group.run(20, 50, 50);

        LagRateDecision burst = group.backlog(24_000).run(1, 50, 50);
        // (50 + 24,000 / 60) / 100 = 4.5 → 5, on the first sample that sees the burst
        assertThat(burst.desiredReplicas()).isEqualTo(5);

        LagRateDecision drained = group.run(59, 50, 1_000);
        assertThat(group.lag()).isZero();
        assertThat(drained.desiredReplicas()).isEqualTo(5);
        assertThat(drained.reason()).contains("held at 5 by the down-scale stabilization");

        assertThat(group.run(60, 50, 50).desiredReplicas()).isEqualTo(1);
    }

    @Test
    void fallbackAnswerIsHeldUpByRecentRateAnswersButNeverHoldsThemUp() {
        LagRateModel model = new LagRateModel(new LagRateSettings(DRAIN, OptionalDouble.of(10), Duration.ofSeconds(60), WINDOW));
        OptionalInt unknown = OptionalInt.empty();

        assertThat(model.observe(T0, 0, 0, 0, NO_CAP, unknown, 9).desiredReplicas()).isEqualTo(9);
        LagRateDecision rate = model.observe(T0.plusSeconds(1), 60, 0, 60, NO_CAP, unknown, 9);
        assertThat(rate.desiredReplicas()).as("(60 + 60 / 60) / 10 → 7: the first answer's fallback 9 is not held").isEqualTo(7);

        LagRateDecision rewound = model.observe(T0.plusSeconds(2), 30, 0, 30, NO_CAP, unknown, 1);
        assertThat(rewound.usedFallback()).isTrue();
        assertThat(rewound.desiredReplicas()).isEqualTo(7);
        assertThat(rewound.reason()).contains("rate history restarted", "fallback", "held at 7");
    }

    @Test
    void desiredReplicasAreCappedAtThePartitionCount() {
        LagRateDecision decision = configured(10).replicas(1).cap(4).run(5, 1_000, 10);

        assertThat(decision.desiredReplicas()).isEqualTo(4);
        assertThat(decision.reason()).contains("capped at 4");
    }

    @Test
    void stabilizedAnswerNeverExceedsTheCurrentCap() {
        Group group = new Group(settings(OptionalDouble.of(10), Duration.ofMinutes(5))).replicas(1).cap(8);
        assertThat(group.run(5, 1_000, 10).desiredReplicas()).isEqualTo(8);

        assertThat(group.cap(3).run(1, 1_000, 10).desiredReplicas()).isEqualTo(3);
    }

    @Test
    void rebalanceWithReplicasChangingCausesNoSpike() {
        Group group = new Group(settings(OptionalDouble.empty(), Duration.ZERO)).replicas(2).backlog(100_000);
        LagRateDecision before = group.run(20, 200, 200);
        assertThat(before.replicaRate().getAsDouble()).isCloseTo(100, within(1e-9));

        // Two more replicas join; the group pauses for the rebalance, then each replica runs at its usual 100/s.
        group.replicas(4);
        LagRateDecision pause = group.run(3, 200, 0);
        LagRateDecision after = group.run(5, 200, 400);

        assertThat(pause.replicaRate().getAsDouble()).isCloseTo(100, within(1e-9));
        assertThat(after.replicaRate().getAsDouble()).isCloseTo(100, within(1e-9));
        long expected = (long) Math.ceil((200 + group.lag() / 60.0) / 100);
        assertThat(after.desiredReplicas()).isEqualTo(expected);
    }

    @Test
    void rateIsRelearnedAtTheNewReplicaCountOnceAWholeWindowPassed() {
        Group group = new Group(settings(OptionalDouble.empty(), Duration.ZERO)).replicas(2).backlog(100_000);
        group.run(20, 200, 200);

        LagRateDecision slower = group.replicas(4).run(11, 200, 240);

        assertThat(slower.replicaRate().getAsDouble()).isCloseTo(60, within(1e-9));
    }

    @Test
    void rewindRestartsTheRateHistoryAndKeepsTheLearnedRate() {
        Group group = new Group(settings(OptionalDouble.empty(), Duration.ZERO)).replicas(2).backlog(100_000);
        group.run(20, 200, 200);

        group.consumed -= 50_000;
        LagRateDecision rewound = group.run(1, 200, 200);

        assertThat(rewound.reason()).contains("offsets went backwards", "rate history restarted");
        assertThat(rewound.usedFallback()).isTrue();
        assertThat(rewound.replicaRate().getAsDouble()).isCloseTo(100, within(1e-9));

        LagRateDecision next = group.run(1, 200, 200);
        assertThat(next.usedFallback()).isFalse();
        assertThat(next.inputRate().getAsDouble()).isCloseTo(200, within(1e-9));
    }

    @Test
    void drainTimeIsTheLagOverWhatTheCurrentReplicasDoBeyondTheInput() {
        LagRateDecision decision = configured(100).replicas(3).backlog(12_000).run(2, 100, 0);

        // lag 12,200 / (3 × 100 − 100) = 61 s
        assertThat(decision.drainTime()).contains(Duration.ofSeconds(61));
    }

    @Test
    void drainTimeIsEmptyWhenTheCurrentReplicasFallBehindForEver() {
        LagRateDecision decision = configured(100).replicas(1).backlog(1_000).run(2, 300, 100);

        assertThat(decision.drainTime()).isEqualTo(Optional.empty());
        assertThat(decision.desiredReplicas()).isGreaterThan(3);
    }

    @Test
    void settingsRefuseValuesThatCannotWork() {
        assertThatThrownBy(() -> new LagRateSettings(Duration.ZERO, OptionalDouble.empty(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainTarget");
        assertThatThrownBy(() -> new LagRateSettings(DRAIN, OptionalDouble.of(0), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicaRate");
        assertThatThrownBy(() -> new LagRateSettings(DRAIN, OptionalDouble.empty(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scaleDownStabilization");
        assertThat(new LagRateSettings(DRAIN, OptionalDouble.empty(), Duration.ZERO).rateWindow())
                .isEqualTo(LagRateSettings.DEFAULT_RATE_WINDOW);
    }
}
