package io.fusionscaler.signal.kafka;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.signal.RefreshDeadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static io.fusionscaler.signal.kafka.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

/** The source's reading from fetched offsets (no broker): stall detection and both lag policies, on a fixed clock. */
class KafkaLagPoliciesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final LagRateSettings RATE = new LagRateSettings(Duration.ofSeconds(60), OptionalDouble.of(100), Duration.ZERO,
            Duration.ofSeconds(10));

    private final TestKafkaConfig config = TestKafkaConfig.defaults().withPersistentLagWindow(Duration.ofSeconds(5));
    private final KafkaAdmins admins = new KafkaAdmins(config);
    private final FixedReplicas replicas = FixedReplicas.unknown();
    private final KafkaLagSource source = new KafkaLagSource(config, admins, new IdleTriggerWatch(config), Clock.systemUTC(), replicas);
    private int second;

    @AfterEach
    void close() {
        admins.close();
    }

    private static PartitionOffsets partition(int partition, long committed, long logEnd) {
        return new PartitionOffsets(new PartitionId("orders", partition), OptionalLong.of(committed), OptionalLong.of(logEnd),
                OptionalLong.empty());
    }

    /** One refresh, one second after the previous one. */
    private SignalReading refresh(KafkaTrigger spec, PartitionOffsets... partitions) {
        second++;
        SignalOutcome outcome = source.measure(spec, new FetchedOffsets.Found(List.of("orders"), List.of(partitions)), second * 1000L,
                T0.plusSeconds(second), RefreshDeadline.after(Duration.ofSeconds(1)));
        assertThat(outcome).isInstanceOf(SignalOutcome.Measured.class);
        return ((SignalOutcome.Measured) outcome).reading();
    }

    /** Partition 0 stuck at offset 100 with lag 900 and 10 new messages a second; partition 1 kept up with, 10 a second. */
    private List<SignalReading> stuckPartitionForSeconds(KafkaTrigger spec, int seconds) {
        List<SignalReading> readings = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            readings.add(refresh(spec, partition(0, 100, 1_000 + 10L * i), partition(1, 10L * i, 10L * i + 5)));
        }
        return readings;
    }

    @Test
    void everyTriggerShowsItsPolicyAndItsStalledPartitionCount() {
        SignalReading reading = refresh(trigger().build(), partition(0, 10, 10));

        assertThat(reading.details()).containsEntry("lagPolicy", "threshold").containsEntry("stalledPartitionCount", 0)
                .doesNotContainKeys("stalledPartitions", "policyReason");
    }

    @Test
    void underRateAStalledPartitionAddsNoReplicasKeepsTheTriggerActiveAndIsNamed() {
        KafkaTrigger spec = trigger().rate(new LagRateSettings(Duration.ofSeconds(60), OptionalDouble.of(20), Duration.ZERO)).build();

        List<SignalReading> readings = stuckPartitionForSeconds(spec, 18);
        SignalReading before = readings.get(4);
        SignalReading stalled = readings.get(17);

        assertThat(before.details()).containsEntry("stalledPartitionCount", 0);
        assertThat(before.desiredReplicas()).as("(20/s + 945 / 60 s) / 20").isEqualTo(2);
        assertThat(readings.get(5).details()).containsEntry("stalledPartitionCount", 1);
        assertThat(stalled.details()).containsEntry("stalledPartitionCount", 1).containsEntry("stalledPartitions", List.of("orders-0"))
                .containsEntry("lag", 5L).containsEntry("activationLag", 1_075L);
        assertThat(stalled.desiredReplicas()).as("only partition 1's 10/s and its lag of 5: (10 + 5 / 60 s) / 20").isEqualTo(1);
        assertThat(stalled.active()).isTrue();
    }

    @Test
    void underThresholdAStalledPartitionIsNamedButStillScalesAsInKeda() {
        List<SignalReading> readings = stuckPartitionForSeconds(trigger().lagThreshold(100).build(), 8);
        SignalReading stalled = readings.get(7);

        assertThat(stalled.details()).containsEntry("stalledPartitionCount", 1).containsEntry("lag", 975L);
        assertThat(stalled.desiredReplicas()).isEqualTo(2);
    }

    @Test
    void underThresholdWithExcludePersistentLagAStalledPartitionAddsNoReplicas() {
        List<SignalReading> readings = stuckPartitionForSeconds(trigger().lagThreshold(100).excludePersistentLag().build(), 8);

        assertThat(readings.get(7).details()).containsEntry("lag", 5L);
        assertThat(readings.get(7).desiredReplicas()).isEqualTo(1);
    }

    @Test
    void rateWithoutAnyKnownProcessingRateAnswersTheThresholdArithmeticAndSaysWhy() {
        KafkaTrigger spec = trigger().lagThreshold(100).rate(new LagRateSettings(Duration.ofSeconds(60), OptionalDouble.empty(),
                Duration.ZERO)).build();

        refresh(spec, partition(0, 0, 250), partition(1, 0, 0));
        SignalReading reading = refresh(spec, partition(0, 10, 300), partition(1, 0, 0));

        assertThat(reading.desiredReplicas()).isEqualTo(2).isEqualTo((long) (Long) reading.details().get("thresholdReplicas"));
        assertThat((String) reading.details().get("policyReason")).contains("fallback", "replica count of the target is unknown");
        assertThat(reading.details()).containsEntry("drainTime", "unknown").containsEntry("replicasUnknown", "no Kubernetes in this test");
    }

    @Test
    void rateShowsItsRatesDrainTimeAndReplicasInExplain() {
        replicas.set(2);
        KafkaTrigger spec = trigger().lagThreshold(100_000).rate(RATE).build();

        refresh(spec, partition(0, 0, 6_000), partition(1, 0, 0));
        SignalReading reading = refresh(spec, partition(0, 100, 6_100), partition(1, 100, 200));

        // λ_in 300/s, lag 6,100: (300 + 101.7) / 100 → 5, capped at the 2 partitions, while lag / lagThreshold asks for 1
        assertThat(reading.desiredReplicas()).isEqualTo(2);
        assertThat(reading.details()).containsEntry("lagPolicy", "rate").containsEntry("inputRate", 300.0)
                .containsEntry("replicaRate", 100.0).containsEntry("replicas", 2).containsEntry("thresholdReplicas", 1L)
                .containsEntry("drainTime", "never at the current replicas");
        assertThat((String) reading.details().get("policyReason")).contains("capped at 2 (partitions)");
    }

    @Test
    void evenDistributionRoundsTheRateAnswerUpToAFactorOfThePartitions() {
        KafkaTrigger spec = trigger().ensureEvenDistribution().rate(RATE).build();
        PartitionOffsets[] first = new PartitionOffsets[6];
        PartitionOffsets[] second = new PartitionOffsets[6];
        for (int p = 0; p < 6; p++) {
            first[p] = partition(p, 0, 0);
            second[p] = partition(p, 0, 40);
        }

        refresh(spec, first);
        SignalReading reading = refresh(spec, second);

        // λ_in 240/s, lag 240: (240 + 4) / 100 → 3, a factor of 6
        assertThat(reading.desiredReplicas()).isEqualTo(3);
    }
}
