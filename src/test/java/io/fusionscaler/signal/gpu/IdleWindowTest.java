package io.fusionscaler.signal.gpu;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The idle window, on millisecond instants. */
class IdleWindowTest {

    private static final GpuTrigger SPEC = new GpuTrigger("ml", "model", 80, 5, Duration.ofMillis(300));

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    @Test
    void activeAboveTheActivationLevelAndUntilItStayedAtOrBelowItForTheWindow() {
        IdleWindow window = new IdleWindow();

        assertThat(window.update(SPEC, 50, at(0)).active()).isTrue();
        assertThat(window.update(SPEC, 5, at(100))).satisfies(v -> {
            assertThat(v.active()).as("5 % is at the activation level: idle, but within the window").isTrue();
            assertThat(v.idleSince()).contains(at(0));
        });
        assertThat(window.update(SPEC, 0, at(299)).active()).isTrue();
        assertThat(window.update(SPEC, 0, at(300)).active()).as("idle for the whole window").isFalse();
        assertThat(window.update(SPEC, 1, at(10_000)).active()).isFalse();
    }

    @Test
    void anyBusyReadingRestartsTheWindow() {
        IdleWindow window = new IdleWindow();
        window.update(SPEC, 90, at(0));
        window.update(SPEC, 0, at(200));
        assertThat(window.update(SPEC, 5.01, at(250)).active()).isTrue();
        assertThat(window.update(SPEC, 0, at(500)).active()).as("300 ms after 250 is 550").isTrue();
        assertThat(window.update(SPEC, 0, at(550)).active()).isFalse();
        assertThat(window.update(SPEC, 6, at(551)).active()).as("busy again: active at once").isTrue();
    }

    @Test
    void theFirstIdleReadingStartsTheWindowSoAFreshlyWokenModuleIsNotPutBackToSleep() {
        IdleWindow window = new IdleWindow();

        assertThat(window.update(SPEC, 0, at(1_000))).satisfies(v -> {
            assertThat(v.active()).isTrue();
            assertThat(v.idleSince()).contains(at(1_000));
        });
        assertThat(window.update(SPEC, 0, at(1_300)).active()).isFalse();
    }

    @Test
    void forgettingASpecStartsANewWindowAtItsNextReading() {
        IdleWindow window = new IdleWindow();
        window.update(SPEC, 0, at(0));
        assertThat(window.update(SPEC, 0, at(400)).active()).isFalse();

        window.forget(SPEC);
        assertThat(window.update(SPEC, 0, at(500)).active()).as("after a scale to zero and a wake-up").isTrue();
    }

    @Test
    void specsKeepTheirOwnWindows() {
        IdleWindow window = new IdleWindow();
        GpuTrigger other = new GpuTrigger("ml", "other", 80, 5, Duration.ofMillis(300));
        window.update(SPEC, 0, at(0));
        window.update(other, 50, at(200));

        assertThat(window.update(SPEC, 0, at(400)).active()).isFalse();
        assertThat(window.update(other, 0, at(400)).active()).isTrue();
    }

    @Test
    void aZeroWindowIsInactiveAsSoonAsUtilizationIsAtOrBelowActivation() {
        IdleWindow window = new IdleWindow();
        GpuTrigger now = new GpuTrigger("ml", "model", 80, 0, Duration.ZERO);

        assertThat(window.update(now, 0.5, at(0)).active()).isTrue();
        assertThat(window.update(now, 0, at(1)).active()).isFalse();
    }
}
