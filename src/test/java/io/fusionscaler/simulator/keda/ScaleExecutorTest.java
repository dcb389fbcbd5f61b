package io.fusionscaler.simulator.keda;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** RequestScale (scale_scaledobjects.go): KEDA's 0 to 1, cooldown to 0, and minReplicaCount. */
class ScaleExecutorTest {

    private final ScaleExecutor keda = new ScaleExecutor(new KedaSettings(30, 300, 0, 10, Optional.empty()));

    @Test
    void activeAtZeroScalesToOneAtOnce() {
        assertThat(keda.requestScale(0, true, 0)).hasValue(1);
    }

    @Test
    void activeAboveZeroLeavesTheCountToTheHpa() {
        assertThat(keda.requestScale(0, true, 4)).isEmpty();
    }

    @Test
    void inactiveScalesToZeroOnlyAfterTheCooldownSinceTheLastActivity() {
        keda.requestScale(100, true, 3);
        assertThat(keda.requestScale(130, false, 3)).isEmpty();
        assertThat(keda.requestScale(400, false, 3)).as("last active + 300 s is not before now").isEmpty();
        assertThat(keda.requestScale(401, false, 3)).hasValue(0);
    }

    @Test
    void everyActivityRestartsTheCooldown() {
        keda.requestScale(0, true, 2);
        keda.requestScale(250, true, 2);
        assertThat(keda.requestScale(400, false, 2)).isEmpty();
        assertThat(keda.requestScale(551, false, 2)).hasValue(0);
    }

    @Test
    void neverActiveScalesToZeroAtOnce() {
        assertThat(keda.requestScale(30, false, 2)).hasValue(0);
    }

    @Test
    void minReplicaCountIsTheFloorAndTheWakeUpSize() {
        ScaleExecutor kept = new ScaleExecutor(new KedaSettings(30, 300, 2, 10, Optional.empty()));
        assertThat(kept.requestScale(0, true, 0)).hasValue(2);
        assertThat(kept.requestScale(1000, false, 3)).as("never below minReplicaCount: the HPA scales down").isEmpty();
        assertThat(kept.requestScale(1000, false, 1)).hasValue(2);
    }
}
