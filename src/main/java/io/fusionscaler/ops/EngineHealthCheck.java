package io.fusionscaler.ops;

import io.fusionscaler.engine.EngineConfig;
import io.fusionscaler.engine.RefreshLoop;
import io.fusionscaler.engine.TrackerRegistry;
import io.fusionscaler.role.Role;
import io.fusionscaler.role.RoleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ready and live while the engine's sweep keeps running. Source outages do not make the scaler unready: it still
 * answers (with UNAVAILABLE naming the signal), which tells KEDA more than a refused connection. In the gpu-agent
 * role there is no engine to check.
 */
@Liveness
@Readiness
@ApplicationScoped
public class EngineHealthCheck implements HealthCheck {

    static final String NAME = "fusion-engine";
    private static final Duration MIN_GRACE = Duration.ofSeconds(30);

    private final RefreshLoop loop;
    private final TrackerRegistry trackers;
    private final EngineConfig config;
    private final RoleConfig role;
    private final Clock clock;

    public EngineHealthCheck(RefreshLoop loop, TrackerRegistry trackers, EngineConfig config, RoleConfig role, Clock clock) {
        this.loop = loop;
        this.trackers = trackers;
        this.config = config;
        this.role = role;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (role.role() != Role.SCALER) {
            return response.up().withData("role", role.role().name()).withData("engine", "not part of this role").build();
        }
        response.withData("trackers", trackers.size()).withData("lanes", loop.laneCount());
        Instant lastSweep = loop.lastSweep();
        if (lastSweep == null) {
            return response.down().withData("reason", "the engine has not started yet").build();
        }
        Duration allowed = config.sweepInterval().multipliedBy(3);
        allowed = allowed.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : allowed;
        Duration since = Duration.between(lastSweep, clock.instant());
        response.withData("lastSweepMillisAgo", since.toMillis());
        return since.compareTo(allowed) <= 0 ? response.up().build()
                : response.down().withData("reason", "engine sweep stalled for over " + allowed.toSeconds() + " s").build();
    }
}
