package io.fusionscaler.signal.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StalledCommitsTest {

    private static final PartitionId P0 = new PartitionId("orders", 0);
    private static final PartitionId P1 = new PartitionId("orders", 1);

    @Test
    void firstSightingIsNeverStalled() {
        StalledCommits commits = new StalledCommits(0);
        assertThat(commits.update(Map.of(P0, 10L), 0)).isEmpty();
    }

    @Test
    void commitUnchangedForLessThanTheWindowIsNotStalled() {
        StalledCommits commits = new StalledCommits(30_000);
        commits.update(Map.of(P0, 10L), 0);
        assertThat(commits.update(Map.of(P0, 10L), 29_999)).isEmpty();
    }

    @Test
    void commitUnchangedForTheWholeWindowIsStalled() {
        StalledCommits commits = new StalledCommits(30_000);
        commits.update(Map.of(P0, 10L), 0);
        commits.update(Map.of(P0, 10L), 10_000);
        assertThat(commits.update(Map.of(P0, 10L), 30_000)).containsExactly(P0);
    }

    @Test
    void movingCommitRestartsTheWindow() {
        StalledCommits commits = new StalledCommits(30_000);
        commits.update(Map.of(P0, 10L), 0);
        commits.update(Map.of(P0, 11L), 20_000);
        assertThat(commits.update(Map.of(P0, 11L), 40_000)).isEmpty();
        assertThat(commits.update(Map.of(P0, 11L), 50_000)).containsExactly(P0);
    }

    @Test
    void zeroWindowIsKedasRuleUnchangedSinceThePreviousRefresh() {
        StalledCommits commits = new StalledCommits(0);
        commits.update(Map.of(P0, 10L, P1, 20L), 0);
        assertThat(commits.update(Map.of(P0, 10L, P1, 21L), 1)).containsExactly(P0);
    }

    @Test
    void partitionGoneFromARefreshStartsOverWhenItComesBack() {
        StalledCommits commits = new StalledCommits(0);
        commits.update(Map.of(P0, 10L), 0);
        commits.update(Map.of(), 1);
        assertThat(commits.update(Map.of(P0, 10L), 2)).isEmpty();
    }
}
