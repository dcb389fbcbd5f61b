package io.fusionscaler.simulator.kafka;

import io.fusionscaler.signal.kafka.KafkaClusterRef;
import io.fusionscaler.signal.kafka.KafkaTrigger;
import io.fusionscaler.signal.kafka.LagCalculator;
import io.fusionscaler.signal.kafka.LagResult;
import io.fusionscaler.signal.kafka.OffsetResetPolicy;
import io.fusionscaler.signal.kafka.PartitionId;
import io.fusionscaler.signal.kafka.PartitionLimitation;
import io.fusionscaler.signal.kafka.PartitionOffsets;
import io.fusionscaler.simulator.workload.WorkloadView;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The simulated topic's lag through the scaler's own {@link LagCalculator}, the arithmetic of KEDA's kafka scaler
 * that fusion-scaler implements. The workload's totals are spread over the partitions the way a key-less producer
 * spreads them (evenly, the remainder on the first partitions), and consumers commit what they processed.
 */
public final class TopicLag {

    private static final String TOPIC = "simulated";

    private TopicLag() {
    }

    /** A kafka trigger with KEDA's defaults but for {@code lagThreshold} and {@code allowIdleConsumers}. */
    public static KafkaTrigger trigger(long lagThreshold, boolean allowIdleConsumers) {
        return new KafkaTrigger(new KafkaClusterRef.Named("simulated"), "consumers", TOPIC, lagThreshold, 0,
                OffsetResetPolicy.LATEST, allowIdleConsumers, false, false, false, false, PartitionLimitation.ALL);
    }

    public static LagResult of(KafkaTrigger trigger, WorkloadView view) {
        return LagCalculator.total(trigger, offsets(view), Set.of());
    }

    static List<PartitionOffsets> offsets(WorkloadView view) {
        int partitions = view.partitions();
        List<PartitionOffsets> offsets = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            offsets.add(new PartitionOffsets(new PartitionId(TOPIC, p), OptionalLong.of(share(view.consumed(), partitions, p)),
                    OptionalLong.of(share(view.produced(), partitions, p)), OptionalLong.of(0)));
        }
        return offsets;
    }

    private static long share(long total, int partitions, int partition) {
        return total / partitions + (partition < total % partitions ? 1 : 0);
    }
}
