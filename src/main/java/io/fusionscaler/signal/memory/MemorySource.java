package io.fusionscaler.signal.memory;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.RefreshRequests;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.signal.SignalSource;
import io.fusionscaler.signal.hpa.ReplicaCalculator;
import io.fusionscaler.signal.hpa.ResourceSignals;
import io.fusionscaler.signal.hpa.Tolerances;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Memory (working set) of every tracked trigger, one namespace per lane, as the HPA computes it. Memory samples are
 * never held back for readiness, so the CPU initialization settings do not apply.
 */
@ApplicationScoped
public class MemorySource implements SignalSource<MemoryTrigger> {

    static final String BUDGET_KEY = "fusion.memory.refresh-budget";

    private final MemoryConfig config;
    private final ResourceSignals signals;

    public MemorySource(MemoryConfig config, ResourceSignals signals) {
        this.config = config;
        this.signals = signals;
    }

    @Override
    public Class<MemoryTrigger> specType() {
        return MemoryTrigger.class;
    }

    @Override
    public SignalPace pace() {
        return new SignalPace(config.refreshInterval(), config.refreshBudget(), config.stalenessLimit(), BUDGET_KEY);
    }

    @Override
    public void start(RefreshRequests requests) {
        if (!(config.tolerance() >= 0)) {
            throw new IllegalStateException("fusion.memory.tolerance must be >= 0, got " + config.tolerance());
        }
    }

    @Override
    public Map<MemoryTrigger, SignalOutcome> refresh(Set<MemoryTrigger> specs, RefreshDeadline deadline) {
        ReplicaCalculator calculator = new ReplicaCalculator(Tolerances.both(config.tolerance()), Duration.ZERO, Duration.ZERO);
        return signals.refresh(specs, MemoryTrigger::query, calculator, config.refreshInterval().dividedBy(2), deadline);
    }
}
