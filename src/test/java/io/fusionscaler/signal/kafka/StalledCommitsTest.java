package io.fusionscaler.signal.kafka;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class StalledCommitsTest {

    private static final PartitionId P0 = new PartitionId("orders", 0);
    private static final PartitionId P1 = new PartitionId("orders", 1);

    /** A partition whose group committed {@code committed} with {@code lag} messages after it. */
    private static PartitionOffsets at(PartitionId partition, long committed, long lag) {
        return new PartitionOffsets(partition, OptionalLong.of(committed), OptionalLong.of(committed + lag), OptionalLong.empty());
    }

    @Test
    void firstSightingIsNeverStalled() {
        StalledCommits commits = new StalledCommits(0);
        assertThat(commits.update(List.of(at(P0, 10, 5)), 0)).isEmpty();
    }

    @Test
    void commitUnchangedForLessThanTheWindowIsNotStalled() {
        StalledCommits commits = new StalledCommits(30_000);
        commits.update(List.of(at(P0, 10, 5)), 0);
        assertThat(commits.update(List.of(at(P0, 10, 5)), 29_999)).isEmpty();
    }

    @Test
    void commitUnchangedWithLagForTheWholeWindowIsStalled() {
        StalledCommits commits = new StalledCommits(30_000);
        commits.update(List.of(at(P0, 10, 5)), 0);
        commits.update(List.of(at(P0, 10, 8)), 10_000);
        assertThat(commits.update(List.of(at(P0, 10, 9)), 30_000)).containsExactly(P0);
    }

    @Test
    void movingCommitRestartsTheWindow() {
        StalledCommits commits = new StalledCommits(30_000);
        commits.update(List.of(at(P0, 10, 5)), 0);
        commits.update(List.of(at(P0, 11, 5)), 20_000);
        assertThat(commits.update(List.of(at(P0, 11, 5)), 40_000)).isEmpty();
        assertThat(commits.update(List.of(at(P0, 11, 5)), 50_000)).containsExactly(P0);
    }

    @Test
    void idlePartitionThatJustReceivedAMessageIsNotStalledUntilItsConsumerHadTheWindow() {
        StalledCommits commits = new StalledCommits(30_000);
        commits.update(List.of(at(P0, 10, 0)), 0);
        commits.update(List.of(at(P0, 10, 0)), 60_000);

        assertThat(commits.update(List.of(at(P0, 10, 1)), 61_000)).isEmpty();
        assertThat(commits.update(List.of(at(P0, 10, 1)), 91_000)).containsExactly(P0);
    }

    @Test
    void lagBackToZeroEndsTheStall() {
        StalledCommits commits = new StalledCommits(0);
        commits.update(List.of(at(P0, 10, 5)), 0);
        assertThat(commits.update(List.of(at(P0, 10, 5)), 1)).containsExactly(P0);

        assertThat(commits.update(List.of(at(P0, 10, 0)), 2)).isEmpty();
        assertThat(commits.update(List.of(at(P0, 10, 3)), 3)).isEmpty();
    }

    @Test
    void partitionWithoutACommitIsNeverStalled() {
        StalledCommits commits = new StalledCommits(0);
        PartitionOffsets neverCommitted = new PartitionOffsets(P0, OptionalLong.empty(), OptionalLong.of(50), OptionalLong.empty());
        commits.update(List.of(neverCommitted), 0);
        assertThat(commits.update(List.of(neverCommitted), 1)).isEmpty();
    }

    @Test
    void zeroWindowIsKedasRuleUnchangedSinceThePreviousRefresh() {
        StalledCommits commits = new StalledCommits(0);
        commits.update(List.of(at(P0, 10, 5), at(P1, 20, 5)), 0);
        assertThat(commits.update(List.of(at(P0, 10, 5), at(P1, 21, 4)), 1)).containsExactly(P0);
    }

    @Test
    void partitionGoneFromARefreshStartsOverWhenItComesBack() {
        StalledCommits commits = new StalledCommits(0);
        commits.update(List.of(at(P0, 10, 5)), 0);
        commits.update(List.of(), 1);
        assertThat(commits.update(List.of(at(P0, 10, 5)), 2)).isEmpty();
    }
}
