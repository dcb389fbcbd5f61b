package io.fusionscaler.signal.kafka;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LagCalculatorTest {

    private static final PartitionId P0 = new PartitionId("my-topic", 0);

    private static PartitionOffsets committed(long committed, long logEnd) {
        return new PartitionOffsets(P0, OptionalLong.of(committed), OptionalLong.of(logEnd), OptionalLong.empty());
    }

    private static PartitionOffsets partition(int partition, long committed, long logEnd) {
        return new PartitionOffsets(new PartitionId("my-topic", partition), OptionalLong.of(committed), OptionalLong.of(logEnd),
                OptionalLong.empty());
    }

    private static PartitionOffsets neverCommitted(int partition, long logStart, long logEnd) {
        return new PartitionOffsets(new PartitionId("my-topic", partition), OptionalLong.empty(), OptionalLong.of(logEnd),
                OptionalLong.of(logStart));
    }

    /** Partitions with the given lags, each committed at offset 100. */
    private static List<PartitionOffsets> lags(long... lags) {
        List<PartitionOffsets> partitions = new ArrayList<>();
        for (int i = 0; i < lags.length; i++) {
            partitions.add(partition(i, 100, 100 + lags[i]));
        }
        return partitions;
    }

    /** KEDA's TestGetLagForPartition_MissingPartition and friends. */
    @Nested
    class PerPartition {

        @Test
        void noCommitWithEarliestAndScaleToZeroOnPartitionMissingFromLogEndsIsZero() {
            PartitionOffsets missing = new PartitionOffsets(P0, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
            assertThat(LagCalculator.partitionLag(trigger().earliest().scaleToZeroOnInvalidOffset().build(), missing, false))
                    .isEqualTo(new PartitionLag(0, 0));
        }

        @Test
        void noCommitWithEarliestOnPartitionMissingFromLogEndsIsZero() {
            PartitionOffsets missing = new PartitionOffsets(P0, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
            assertThat(LagCalculator.partitionLag(trigger().earliest().build(), missing, false)).isEqualTo(new PartitionLag(0, 0));
        }

        @Test
        void commitOnPartitionMissingFromLogEndsIsZero() {
            PartitionOffsets missing = new PartitionOffsets(P0, OptionalLong.of(100), OptionalLong.empty(), OptionalLong.empty());
            assertThat(LagCalculator.partitionLag(trigger().earliest().build(), missing, false)).isEqualTo(new PartitionLag(0, 0));
        }

        @Test
        void committedPartitionLagIsLogEndMinusCommitted() {
            assertThat(LagCalculator.partitionLag(trigger().build(), committed(100, 150), false)).isEqualTo(new PartitionLag(50, 50));
        }

        @Test
        void noCommitWithLatestAndScaleToZeroIsZero() {
            PartitionOffsets offsets = new PartitionOffsets(P0, OptionalLong.empty(), OptionalLong.of(150), OptionalLong.empty());
            assertThat(LagCalculator.partitionLag(trigger().scaleToZeroOnInvalidOffset().build(), offsets, false))
                    .isEqualTo(new PartitionLag(0, 0));
        }

        @Test
        void noCommitWithLatestIsOneSoThatOneConsumerStarts() {
            PartitionOffsets offsets = new PartitionOffsets(P0, OptionalLong.empty(), OptionalLong.of(150), OptionalLong.empty());
            assertThat(LagCalculator.partitionLag(trigger().build(), offsets, false)).isEqualTo(new PartitionLag(1, 1));
        }

        @Test
        void noCommitWithLatestIsOneEvenWhenMissingFromLogEnds() {
            PartitionOffsets offsets = new PartitionOffsets(P0, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
            assertThat(LagCalculator.partitionLag(trigger().build(), offsets, false)).isEqualTo(new PartitionLag(1, 1));
        }

        @Test
        void noCommitWithEarliestIsWhatTheLogStillHolds() {
            assertThat(LagCalculator.partitionLag(trigger().earliest().build(), neverCommitted(0, 40, 150), false))
                    .isEqualTo(new PartitionLag(110, 110));
        }

        @Test
        void noCommitWithEarliestAndScaleToZeroIsZero() {
            assertThat(LagCalculator.partitionLag(trigger().earliest().scaleToZeroOnInvalidOffset().build(),
                    neverCommitted(0, 40, 150), false)).isEqualTo(new PartitionLag(0, 0));
        }

        @Test
        void noCommitWithEarliestWithoutLogStartIsAProgrammingError() {
            PartitionOffsets offsets = new PartitionOffsets(P0, OptionalLong.empty(), OptionalLong.of(150), OptionalLong.empty());
            assertThatThrownBy(() -> LagCalculator.partitionLag(trigger().earliest().build(), offsets, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log-start");
        }

        @Test
        void stalledCommitWithExcludePersistentLagCountsForActivationOnly() {
            assertThat(LagCalculator.partitionLag(trigger().excludePersistentLag().build(), committed(100, 150), true))
                    .isEqualTo(new PartitionLag(0, 50));
        }

        @Test
        void stalledCommitWithoutExcludePersistentLagCountsFully() {
            assertThat(LagCalculator.partitionLag(trigger().build(), committed(100, 150), true)).isEqualTo(new PartitionLag(50, 50));
        }

        @Test
        void movingCommitWithExcludePersistentLagCountsFully() {
            assertThat(LagCalculator.partitionLag(trigger().excludePersistentLag().build(), committed(100, 150), false))
                    .isEqualTo(new PartitionLag(50, 50));
        }

        @Test
        void noCommitIsNeverPersistentLag() {
            PartitionOffsets offsets = new PartitionOffsets(P0, OptionalLong.empty(), OptionalLong.of(150), OptionalLong.empty());
            assertThat(LagCalculator.partitionLag(trigger().excludePersistentLag().build(), offsets, true))
                    .isEqualTo(new PartitionLag(1, 1));
        }
    }

    /** KEDA's TestGetNextFactorThatBalancesConsumersToTopicPartitions and TestFindFactors. */
    @Nested
    class EvenDistribution {

        @ParameterizedTest(name = "lag {0} on {1} partitions at threshold {2} -> {3} consumers")
        @CsvSource({
                "10, 100, 10, 1",
                "20, 100, 10, 2",
                "40, 100, 10, 4",
                "50, 100, 10, 5",
                "99, 100, 10, 10",
                "100, 100, 10, 10",
                "101, 100, 10, 20"})
        void factorIsTheSmallestDivisorOfPartitionsCoveringTheLag(long lag, long partitions, long threshold, long factor) {
            assertThat(LagCalculator.evenDistributionFactor(lag, partitions, threshold)).isEqualTo(factor);
        }

        @Test
        void factorIsThePartitionCountWhenNoDivisorCoversTheLag() {
            assertThat(LagCalculator.evenDistributionFactor(5000, 100, 10)).isEqualTo(100);
        }

        @Test
        void factorsOfTenAreOneTwoFiveTen() {
            assertThat(LagCalculator.factors(10)).containsExactly(1L, 2L, 5L, 10L);
        }

        @Test
        void factorsOfAPrimeAreOneAndItself() {
            assertThat(LagCalculator.factors(13)).containsExactly(1L, 13L);
        }

        @Test
        void factorsOfASquareListTheRootOnce() {
            assertThat(LagCalculator.factors(25)).containsExactly(1L, 5L, 25L);
        }

        @Test
        void factorsOfOneHundredAreSorted() {
            assertThat(LagCalculator.factors(100)).containsExactly(1L, 2L, 4L, 5L, 10L, 20L, 25L, 50L, 100L);
        }

        @Test
        void noPartitionsHaveNoFactors() {
            assertThat(LagCalculator.factors(0)).isEmpty();
        }

        @Test
        void evenDistributionRoundsTheLagUpToAFactorOfThePartitions() {
            // KEDA e2e: 10 partitions, threshold 1: lag 5 -> 5 consumers, lag 8 -> 10.
            KafkaTrigger trigger = trigger().ensureEvenDistribution().lagThreshold(1).build();
            assertThat(LagCalculator.total(trigger, lags(1, 1, 1, 1, 1, 0, 0, 0, 0, 0), Set.of()).desiredReplicas()).isEqualTo(5);
            LagResult eight = LagCalculator.total(trigger, lags(1, 1, 1, 1, 1, 1, 1, 1, 0, 0), Set.of());
            assertThat(eight.reportedLag()).isEqualTo(10);
            assertThat(eight.desiredReplicas()).isEqualTo(10);
        }

        @Test
        void evenDistributionIsIgnoredWithAllowIdleConsumersAsInKeda() {
            KafkaTrigger trigger = trigger().ensureEvenDistribution().allowIdleConsumers().lagThreshold(1).build();
            LagResult result = LagCalculator.total(trigger, lags(1, 1, 1, 1, 1, 1, 1, 1, 0, 0), Set.of());
            assertThat(result.reportedLag()).isEqualTo(8);
            assertThat(result.desiredReplicas()).isEqualTo(8);
        }
    }

    @Nested
    class Total {

        @Test
        void sumsTheLagOfEveryPartition() {
            LagResult result = LagCalculator.total(trigger().build(), lags(5, 0, 7), Set.of());
            assertThat(result.lag()).isEqualTo(12);
            assertThat(result.activationLag()).isEqualTo(12);
            assertThat(result.reportedLag()).isEqualTo(12);
            assertThat(result.partitions()).isEqualTo(3);
            assertThat(result.partitionsWithLag()).isEqualTo(2);
            assertThat(result.desiredReplicas()).isEqualTo(2);
        }

        @Test
        void capsReplicasAndReportedLagAtThePartitionCount() {
            LagResult result = LagCalculator.total(trigger().build(), lags(100, 100, 100), Set.of());
            assertThat(result.lag()).isEqualTo(300);
            assertThat(result.reportedLag()).isEqualTo(30);
            assertThat(result.replicaCap()).hasValue(3);
            assertThat(result.desiredReplicas()).isEqualTo(3);
        }

        @Test
        void keepsKedasReportedLagButNeverAsksMoreReplicasThanPartitions() {
            // kedacore/keda#4483: 35 / 10 = 3 is not above 3 partitions, so KEDA reports 35 and the HPA asks for 4.
            LagResult result = LagCalculator.total(trigger().build(), lags(15, 10, 10), Set.of());
            assertThat(result.reportedLag()).isEqualTo(35);
            assertThat(result.desiredReplicas()).isEqualTo(3);
        }

        @Test
        void limitToPartitionsWithLagCapsAtPartitionsWithLag() {
            LagResult result = LagCalculator.total(trigger().limitToPartitionsWithLag().lagThreshold(1).build(),
                    lags(6, 0, 0), Set.of());
            assertThat(result.replicaCap()).hasValue(1);
            assertThat(result.reportedLag()).isEqualTo(1);
            assertThat(result.desiredReplicas()).isEqualTo(1);
        }

        @Test
        void limitToPartitionsWithLagGrowsWithTheNumberOfLaggingPartitions() {
            LagResult result = LagCalculator.total(trigger().limitToPartitionsWithLag().lagThreshold(1).build(),
                    lags(6, 5, 0), Set.of());
            assertThat(result.desiredReplicas()).isEqualTo(2);
        }

        @Test
        void allowIdleConsumersRemovesTheCap() {
            LagResult result = LagCalculator.total(trigger().allowIdleConsumers().build(), lags(100, 100, 100), Set.of());
            assertThat(result.replicaCap()).isEmpty();
            assertThat(result.reportedLag()).isEqualTo(300);
            assertThat(result.desiredReplicas()).isEqualTo(30);
        }

        @Test
        void desiredReplicasRoundUp() {
            assertThat(LagCalculator.total(trigger().allowIdleConsumers().build(), lags(11), Set.of()).desiredReplicas())
                    .isEqualTo(2);
        }

        @Test
        void noPartitionsMeanNoLagAndNoReplicas() {
            LagResult result = LagCalculator.total(trigger().build(), List.of(), Set.of());
            assertThat(result.reportedLag()).isZero();
            assertThat(result.desiredReplicas()).isZero();
            assertThat(result.active()).isFalse();
        }

        @Test
        void partitionsWithLagCountOnlyScalingLag() {
            KafkaTrigger trigger = trigger().excludePersistentLag().build();
            LagResult result = LagCalculator.total(trigger, lags(5, 7), Set.of(new PartitionId("my-topic", 0)));
            assertThat(result.partitionsWithLag()).isEqualTo(1);
            assertThat(result.lag()).isEqualTo(7);
            assertThat(result.activationLag()).isEqualTo(12);
        }

        @Test
        void negativeLagAsKedaComputesItNeverAsksNegativeReplicas() {
            LagResult result = LagCalculator.total(trigger().allowIdleConsumers().build(), List.of(partition(0, 200, 150)), Set.of());
            assertThat(result.lag()).isEqualTo(-50);
            assertThat(result.desiredReplicas()).isZero();
        }
    }

    @Nested
    class Activation {

        @Test
        void lagEqualToTheActivationThresholdIsInactive() {
            assertThat(LagCalculator.total(trigger().activationLagThreshold(1).build(), lags(1), Set.of()).active()).isFalse();
        }

        @Test
        void lagAboveTheActivationThresholdIsActive() {
            assertThat(LagCalculator.total(trigger().activationLagThreshold(1).build(), lags(2), Set.of()).active()).isTrue();
        }

        @Test
        void anyLagIsActiveWithTheDefaultThreshold() {
            assertThat(LagCalculator.total(trigger().build(), lags(1), Set.of()).active()).isTrue();
            assertThat(LagCalculator.total(trigger().build(), lags(0), Set.of()).active()).isFalse();
        }

        @Test
        void activationUsesTheUncappedLag() {
            KafkaTrigger trigger = trigger().lagThreshold(1).activationLagThreshold(5).limitToPartitionsWithLag().build();
            LagResult result = LagCalculator.total(trigger, lags(6, 0, 0), Set.of());
            assertThat(result.reportedLag()).isEqualTo(1);
            assertThat(result.active()).isTrue();
        }

        @Test
        void persistentLagStillKeepsTheWorkloadActive() {
            // KEDA e2e: the group's commit is frozen; scaling lag drops to 0, the workload stays active.
            KafkaTrigger trigger = trigger().excludePersistentLag().build();
            LagResult result = LagCalculator.total(trigger, lags(5), Set.of(P0));
            assertThat(result.lag()).isZero();
            assertThat(result.desiredReplicas()).isZero();
            assertThat(result.active()).isTrue();
        }

        @Test
        void neverCommittedGroupWithScaleToZeroStaysInactive() {
            KafkaTrigger latest = trigger().scaleToZeroOnInvalidOffset().build();
            KafkaTrigger earliest = trigger().earliest().scaleToZeroOnInvalidOffset().build();
            List<PartitionOffsets> partitions = List.of(neverCommitted(0, 0, 5), neverCommitted(1, 0, 5));
            assertThat(LagCalculator.total(latest, partitions, Set.of()).active()).isFalse();
            assertThat(LagCalculator.total(earliest, partitions, Set.of()).active()).isFalse();
        }

        @Test
        void earliestNeverCommittedGroupFollowsKedasEndToEndSequence() {
            // KEDA e2e: 3 partitions, lagThreshold 1, activationLagThreshold 1: 0 msgs -> 0, 1 -> 0, 2 -> 2, 7 -> 3.
            KafkaTrigger trigger = trigger().earliest().lagThreshold(1).activationLagThreshold(1).build();
            assertThat(replicas(trigger, 0, 0, 0)).isZero();
            assertThat(replicas(trigger, 1, 0, 0)).isZero();
            assertThat(replicas(trigger, 1, 1, 0)).isEqualTo(2);
            assertThat(replicas(trigger, 3, 2, 2)).isEqualTo(3);
        }

        /** What KEDA would run: 0 when inactive, else the desired count. */
        private long replicas(KafkaTrigger trigger, long... messages) {
            List<PartitionOffsets> partitions = new ArrayList<>();
            for (int i = 0; i < messages.length; i++) {
                partitions.add(neverCommitted(i, 0, messages[i]));
            }
            LagResult result = LagCalculator.total(trigger, partitions, Set.of());
            return result.active() ? result.desiredReplicas() : 0;
        }
    }
}
