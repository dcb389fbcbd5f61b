package io.fusionscaler.simulator;

import io.fusionscaler.simulator.keda.ExternalTrigger;
import io.fusionscaler.simulator.keda.ScaleExecutor;
import io.fusionscaler.simulator.keda.ScaledObject;
import io.fusionscaler.simulator.kubernetes.HorizontalPodAutoscaler;
import io.fusionscaler.simulator.kubernetes.HpaSettings;
import io.fusionscaler.simulator.kubernetes.PodCounts;
import io.fusionscaler.simulator.workload.Workload;
import io.fusionscaler.simulator.workload.WorkloadSettings;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A ScaledObject in charge of the simulated workload. Each second, in this order: messages arrive; every trigger's
 * scaler ticks (fusion-scaler refreshes and may push an activation, which KEDA applies at once); on KEDA's polling
 * interval the ScaledObject's activity goes to KEDA's scale executor; on the HPA's sync period the HPA reads the
 * metrics and sets the replicas; then the ready replicas consume. The workload starts idle at 0 replicas, where KEDA
 * would have put it. The phases of KEDA's polling loop and of the HPA's syncs against the traffic are arbitrary in a
 * cluster; here each runs half a period into its period (polls at 15 s, 45 s, ...; syncs at 7 s, 22 s, ... by
 * default), so that traffic starting on a whole half-minute, as in the shipped traces, waits as long as traffic
 * starting at a random moment waits on average.
 */
final class ScaledObjectRun implements PolicyRun {

    private final ScaledObject scaledObject;
    private final Workload workload;
    private final ScaleExecutor keda;
    private final HorizontalPodAutoscaler hpa;
    private final Timeline timeline = new Timeline(true);
    private final int pollPhase;
    private final int syncPhase;

    ScaledObjectRun(ScaledObject scaledObject, WorkloadSettings workloadSettings) {
        this.scaledObject = scaledObject;
        this.workload = new Workload(workloadSettings);
        this.keda = new ScaleExecutor(scaledObject.keda());
        this.pollPhase = scaledObject.keda().pollingIntervalSeconds() / 2;
        this.hpa = new HorizontalPodAutoscaler(HpaSettings.forScaledObject(scaledObject.keda().minReplicaCount(),
                scaledObject.keda().maxReplicaCount(), scaledObject.keda().hpaBehavior()));
        this.syncPhase = hpa.settings().syncPeriodSeconds() / 2;
    }

    @Override
    public void step(long second, long produced) {
        workload.produce(second, produced);
        boolean pushed = false;
        for (ExternalTrigger trigger : scaledObject.triggers()) {
            pushed |= trigger.tick(workload, second);
        }
        if (pushed) {
            apply(keda.requestScale(second, true, workload.replicas()));
        }
        if (second % scaledObject.keda().pollingIntervalSeconds() == pollPhase) {
            apply(keda.requestScale(second, scaledObject.isActive(workload), workload.replicas()));
        }
        if (second % hpa.settings().syncPeriodSeconds() == syncPhase) {
            PodCounts pods = new PodCounts(workload.replicas(), workload.replicas(), workload.readyReplicas());
            workload.scaleTo(hpa.sync(second, pods, scaledObject.hpaMetrics(workload)));
        }
        workload.consume();
        timeline.record(workload.replicas(), workload.backlog());
    }

    private void apply(OptionalInt replicas) {
        replicas.ifPresent(workload::scaleTo);
    }

    @Override
    public long backlog() {
        return workload.backlog();
    }

    @Override
    public PolicyResult result(List<Long> burstEnds) {
        return PolicyResult.of(scaledObject.name(), workload.waits(), timeline, OptionalLong.of(workload.scaleEvents()), burstEnds);
    }
}
