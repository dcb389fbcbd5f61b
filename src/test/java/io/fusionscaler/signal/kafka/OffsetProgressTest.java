package io.fusionscaler.signal.kafka;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetProgressTest {

    private static final PartitionId P0 = new PartitionId("orders", 0);
    private static final PartitionId P1 = new PartitionId("orders", 1);

    private static PartitionOffsets at(PartitionId partition, long committed, long logEnd) {
        return new PartitionOffsets(partition, OptionalLong.of(committed), OptionalLong.of(logEnd), OptionalLong.empty());
    }

    @Test
    void totalsAddHowFarEachPartitionMovedSinceThePreviousRefresh() {
        OffsetProgress progress = new OffsetProgress();
        progress.update(List.of(at(P0, 100, 150), at(P1, 1_000, 1_000)), Set.of());

        OffsetProgress.Totals totals = progress.update(List.of(at(P0, 130, 200), at(P1, 1_010, 1_020)), Set.of());

        assertThat(totals).isEqualTo(new OffsetProgress.Totals(70, 40));
    }

    @Test
    void stalledPartitionAddsNothingAndItsReturnCausesNoJump() {
        OffsetProgress progress = new OffsetProgress();
        progress.update(List.of(at(P0, 100, 150), at(P1, 0, 10)), Set.of());
        progress.update(List.of(at(P0, 100, 5_150), at(P1, 10, 20)), Set.of(P0));

        OffsetProgress.Totals totals = progress.update(List.of(at(P0, 110, 5_160), at(P1, 20, 30)), Set.of());

        // partition 1's 10 + 10, and partition 0's 10 after the stall: not the 5,000 it received while stalled
        assertThat(totals).isEqualTo(new OffsetProgress.Totals(30, 30));
    }

    @Test
    void partitionWithoutACommitJoinsWithoutAJump() {
        OffsetProgress progress = new OffsetProgress();
        PartitionOffsets uncommitted = new PartitionOffsets(P1, OptionalLong.empty(), OptionalLong.of(9_000), OptionalLong.empty());
        progress.update(List.of(at(P0, 0, 10), uncommitted), Set.of());
        progress.update(List.of(at(P0, 10, 20), at(P1, 8_990, 9_000)), Set.of());

        OffsetProgress.Totals totals = progress.update(List.of(at(P0, 20, 30), at(P1, 9_000, 9_010)), Set.of());

        assertThat(totals).isEqualTo(new OffsetProgress.Totals(30, 30));
    }

    @Test
    void offsetMovingBackwardsRestartsTheTotalsAtZero() {
        OffsetProgress progress = new OffsetProgress();
        progress.update(List.of(at(P0, 100, 150)), Set.of());
        assertThat(progress.update(List.of(at(P0, 120, 170)), Set.of())).isEqualTo(new OffsetProgress.Totals(20, 20));

        assertThat(progress.update(List.of(at(P0, 0, 180)), Set.of())).isEqualTo(new OffsetProgress.Totals(0, 0));
        assertThat(progress.update(List.of(at(P0, 5, 185)), Set.of())).isEqualTo(new OffsetProgress.Totals(5, 5));
    }
}
