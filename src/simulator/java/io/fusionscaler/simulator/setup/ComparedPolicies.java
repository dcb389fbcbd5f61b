package io.fusionscaler.simulator.setup;

import io.fusionscaler.simulator.kafka.TopicLag;
import io.fusionscaler.simulator.keda.ExternalTrigger;
import io.fusionscaler.simulator.keda.KafkaLagTrigger;
import io.fusionscaler.simulator.keda.ProduceRateTrigger;
import io.fusionscaler.simulator.keda.ScaledObject;
import io.fusionscaler.simulator.keda.ScalingModifiers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The five set-ups the simulator compares, each a fresh ScaledObject (their scalers keep state). */
public final class ComparedPolicies {

    public static final String FUSION_THRESHOLD = "fusion-scaler, threshold (push)";
    public static final String FUSION_RATE = "fusion-scaler, lagPolicy: rate";
    public static final String KEDA_KAFKA = "KEDA kafka";
    public static final String KEDA_KAFKA_CPU = "KEDA kafka + cpu";
    public static final String KEDA_FORMULA = "KEDA scalingModifiers";

    private ComparedPolicies() {
    }

    public static List<ScaledObject> create(PolicySettings settings) {
        return List.of(fusionThreshold(settings), fusionRate(settings), kedaKafka(settings), kedaKafkaCpu(settings),
                kedaFormula(settings));
    }

    /** The formula of set-up 5, as written in its ScaledObject. */
    public static String formula(PolicySettings settings) {
        return "lag + rate * " + settings.drainTarget().toSeconds();
    }

    static ScaledObject fusionThreshold(PolicySettings settings) {
        LagSignal signal = new ThresholdLagSignal(TopicLag.trigger(settings.lagThreshold(), false));
        return plain(FUSION_THRESHOLD, new FusionScalerTrigger("fusion", signal, settings.refreshSeconds()), settings);
    }

    static ScaledObject fusionRate(PolicySettings settings) {
        LagSignal signal = new RateLagSignal(TopicLag.trigger(settings.lagThreshold(), false), settings.drainTarget(),
                settings.replicaRate());
        return plain(FUSION_RATE, new FusionScalerTrigger("fusion", signal, settings.refreshSeconds()), settings);
    }

    static ScaledObject kedaKafka(PolicySettings settings) {
        return plain(KEDA_KAFKA, new KafkaLagTrigger("lag", TopicLag.trigger(settings.lagThreshold(), false)), settings);
    }

    static ScaledObject kedaKafkaCpu(PolicySettings settings) {
        return new ScaledObject(KEDA_KAFKA_CPU, List.of(new KafkaLagTrigger("lag", TopicLag.trigger(settings.lagThreshold(), false))),
                OptionalInt.of(settings.cpuTargetPercent()), Optional.empty(), settings.keda());
    }

    /**
     * The formula a user writes to make KEDA see the input rate as well as the backlog: the backlog plus the messages
     * that arrive within the drain target, over what one replica processes in that time ({@code target}), i.e.
     * ceil((rate + lag / T) / replicaRate), the rate policy's arithmetic with the produce rate from Prometheus and a
     * per-replica rate from a load test. The kafka trigger sets {@code allowIdleConsumers} so that its lag is not cut
     * to partitions x lagThreshold before the formula sees it; maxReplicaCount bounds the result.
     */
    static ScaledObject kedaFormula(PolicySettings settings) {
        long horizon = settings.drainTarget().toSeconds();
        List<ExternalTrigger> triggers = List.of(new KafkaLagTrigger("lag", TopicLag.trigger(settings.lagThreshold(), true)),
                new ProduceRateTrigger("rate", settings.replicaRate()));
        ScalingModifiers modifiers = new ScalingModifiers(formula(settings),
                (Map<String, Double> v) -> v.get("lag") + v.get("rate") * horizon, settings.replicaRate() * horizon, 0);
        return new ScaledObject(KEDA_FORMULA, triggers, OptionalInt.empty(), Optional.of(modifiers), settings.keda());
    }

    private static ScaledObject plain(String name, ExternalTrigger trigger, PolicySettings settings) {
        return new ScaledObject(name, List.of(trigger), OptionalInt.empty(), Optional.empty(), settings.keda());
    }
}
