package io.fusionscaler.simulator.keda;

import io.fusionscaler.simulator.workload.WorkloadView;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@code prometheus} trigger on the topic's produce rate, the practitioners' way to give KEDA a rate of Kafka
 * traffic (research notes, peers-and-policies.md section 4): {@code sum(rate(kafka_topic_partition_current_offset[2m]))}
 * over kafka-exporter's log-end offsets, which Prometheus scrapes every 30 s (kube-prometheus-stack's interval).
 * {@code rate()} is modelled as the increase between the first and the last sample inside the 2 min window over the
 * time between them; Prometheus' extrapolation to the window's edges is left out. Fewer than two samples: 0, as the
 * prometheus scaler reports an empty result ({@code ignoreNullValues} true). Active when the rate is above 0 (its
 * {@code activationThreshold} default).
 */
public final class ProduceRateTrigger implements ExternalTrigger {

    static final int SCRAPE_INTERVAL_SECONDS = 30;
    static final int RATE_WINDOW_SECONDS = 120;

    private record Sample(long at, long offset) {
    }

    private final String name;
    private final double target;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public ProduceRateTrigger(String name, double target) {
        this.name = name;
        this.target = target;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double target() {
        return target;
    }

    @Override
    public boolean tick(WorkloadView view, long now) {
        if (now % SCRAPE_INTERVAL_SECONDS == 0) {
            samples.addLast(new Sample(now, view.produced()));
            while (samples.peekFirst().at() <= now - RATE_WINDOW_SECONDS) {
                samples.removeFirst();
            }
        }
        return false;
    }

    @Override
    public TriggerReading read(WorkloadView view) {
        if (samples.size() < 2) {
            return new TriggerReading(0, false);
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        double rate = (double) (last.offset() - first.offset()) / (last.at() - first.at());
        return new TriggerReading(rate, rate > 0);
    }
}
