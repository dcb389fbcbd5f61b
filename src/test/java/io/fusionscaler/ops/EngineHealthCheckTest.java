package io.fusionscaler.ops;

import io.fusionscaler.engine.EngineConfig;
import io.fusionscaler.engine.RefreshLoop;
import io.fusionscaler.engine.SignalSources;
import io.fusionscaler.engine.TrackerRegistry;
import io.fusionscaler.role.Role;
import io.fusionscaler.role.RoleConfig;
import io.fusionscaler.trigger.TriggerParser;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Readiness and liveness follow the engine's heartbeat (its sweep, here every hour, allowed three missed beats): down before it starts and when it stalls. */
class EngineHealthCheckTest {

    record Config(int refreshThreads, Duration sweepInterval, Duration trackerIdleTimeout, Duration firstRefreshWait)
            implements EngineConfig {
    }

    private static final Config CONFIG = new Config(1, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(2));

    private Instant now = Instant.parse("2026-11-30T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final TrackerRegistry registry = new TrackerRegistry(new TriggerParser(List.of()), CONFIG.trackerIdleTimeout(), clock, e -> { });
    private final RefreshLoop loop = new RefreshLoop(registry, new SignalSources(List.of()), CONFIG, clock, List.of());

    private HealthCheckResponse check(Role role) {
        RoleConfig config = () -> role;
        return new EngineHealthCheck(loop, registry, CONFIG, config, clock).call();
    }

    @AfterEach
    void stop() {
        loop.stop();
    }

    @Test
    void downUntilTheEngineHasStarted() {
        HealthCheckResponse response = check(Role.SCALER);

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("reason", "the engine has not started yet");
    }

    @Test
    void upWhileTheSweepRunsAndDownOnceItStalls() {
        loop.start();
        await().until(() -> loop.lastSweep() != null);
        assertThat(check(Role.SCALER).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        now = now.plus(Duration.ofHours(3)).plusSeconds(1);

        HealthCheckResponse stalled = check(Role.SCALER);
        assertThat(stalled.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(stalled.getData().orElseThrow()).containsEntry("reason", "engine sweep stalled for over 10800 s")
                .containsEntry("lastSweepMillisAgo", 10_801_000L);
    }

    @Test
    void theGpuAgentRoleHasNoEngineToCheck() {
        HealthCheckResponse response = check(Role.GPU_AGENT);

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow()).containsEntry("engine", "not part of this role");
    }
}
