package io.fusionscaler.ops;

import io.fusionscaler.engine.EngineConfig;
import io.fusionscaler.engine.RefreshLoop;
import io.fusionscaler.engine.TrackerRegistry;
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
 * Ready and live while the refresh loop keeps completing passes. Source outages do not make the scaler
 * unready: it still answers (with UNAVAILABLE naming the signal), which tells KEDA more than a refused connection.
 */
@Liveness
@Readiness
@ApplicationScoped
public class EngineHealthCheck implements HealthCheck {

    private static final Duration MIN_GRACE = Duration.ofSeconds(30);

    private final RefreshLoop loop;
    private final TrackerRegistry trackers;
    private final EngineConfig config;
    private final Clock clock;

    public EngineHealthCheck(RefreshLoop loop, TrackerRegistry trackers, EngineConfig config, Clock clock) {
        this.loop = loop;
        this.trackers = trackers;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        Instant lastPass = loop.lastPassEnd();
        Duration allowed = config.refreshInterval().multipliedBy(3).plus(config.stalenessLimit());
        allowed = allowed.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : allowed;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("fusion-engine").withData("trackers", trackers.size());
        if (lastPass == null) {
            return response.down().withData("reason", "no refresh pass completed yet").build();
        }
        Duration since = Duration.between(lastPass, clock.instant());
        response.withData("lastPassMillisAgo", since.toMillis()).withData("lastLaneRefreshMillis", loop.lastLaneDuration().toMillis());
        return since.compareTo(allowed) <= 0 ? response.up().build()
                : response.down().withData("reason", "refresh loop stalled for over " + allowed.toSeconds() + " s").build();
    }
}
