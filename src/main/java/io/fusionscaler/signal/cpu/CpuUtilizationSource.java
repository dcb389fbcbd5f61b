package io.fusionscaler.signal.cpu;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.RefreshRequests;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.signal.SignalSource;
import io.fusionscaler.signal.hpa.ReplicaCalculator;
import io.fusionscaler.signal.hpa.ResourceSignals;
import io.fusionscaler.signal.hpa.Tolerances;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;

/** CPU utilization of every tracked trigger, one namespace per lane, as the HPA computes it ({@link ResourceSignals}). */
@ApplicationScoped
public class CpuUtilizationSource implements SignalSource<CpuTrigger> {

    static final String BUDGET_KEY = "fusion.cpu.refresh-budget";

    private final CpuConfig config;
    private final ResourceSignals signals;

    public CpuUtilizationSource(CpuConfig config, ResourceSignals signals) {
        this.config = config;
        this.signals = signals;
    }

    @Override
    public Class<CpuTrigger> specType() {
        return CpuTrigger.class;
    }

    @Override
    public SignalPace pace() {
        return new SignalPace(config.refreshInterval(), config.refreshBudget(), config.stalenessLimit(), BUDGET_KEY);
    }

    @Override
    public void start(RefreshRequests requests) {
        if (!(config.tolerance() >= 0) || config.initializationPeriod().isNegative() || config.initialReadinessDelay().isNegative()) {
            throw new IllegalStateException("fusion.cpu.tolerance, initialization-period and initial-readiness-delay must be >= 0");
        }
    }

    @Override
    public Map<CpuTrigger, SignalOutcome> refresh(Set<CpuTrigger> specs, RefreshDeadline deadline) {
        ReplicaCalculator calculator = new ReplicaCalculator(Tolerances.both(config.tolerance()), config.initializationPeriod(),
                config.initialReadinessDelay());
        return signals.refresh(specs, CpuTrigger::query, calculator, config.refreshInterval().dividedBy(2), deadline);
    }
}
