package io.fusionscaler.simulator;

import io.fusionscaler.simulator.keda.KedaSettings;
import io.fusionscaler.simulator.kubernetes.HpaBehavior;
import io.fusionscaler.simulator.setup.PolicySettings;
import io.fusionscaler.simulator.trace.ShippedTraces;
import io.fusionscaler.simulator.workload.WorkloadSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The simulator's options, from {@code -Dsimulate.<option>=...} (README "What-if simulator"). Every option has a
 * default; an unknown {@code simulate.*} key or a bad value is an error naming the key.
 *
 * @param traces      shipped trace names or CSV paths
 * @param tailSeconds quiet seconds replayed after the trace
 * @param output      where the PNGs and report.md go
 */
public record SimulatorOptions(List<String> traces, WorkloadSettings workload, PolicySettings policies, int tailSeconds,
        Path output) {

    static final String PREFIX = "simulate.";
    private static final Set<String> KEYS = Set.of("trace", "partitions", "replicaRate", "podStart", "lagThreshold",
            "drainTarget", "cpuTarget", "pollingInterval", "cooldown", "maxReplicas", "hpaBehavior", "refresh", "tail", "output");

    public static SimulatorOptions from(Map<String, String> properties) {
        Set<String> unknown = new TreeSet<>();
        properties.keySet().stream().filter(k -> k.startsWith(PREFIX) && !KEYS.contains(k.substring(PREFIX.length())))
                .forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + "; the options are " + new TreeSet<>(KEYS)
                    .stream().map(k -> PREFIX + k).toList());
        }
        String trace = properties.getOrDefault(PREFIX + "trace", "all");
        List<String> traces = trace.equals("all") ? ShippedTraces.NAMES
                : Arrays.stream(trace.split(",", -1)).map(String::strip).toList();
        if (traces.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(PREFIX + "trace: empty name in '" + trace + "'");
        }
        WorkloadSettings defaults = WorkloadSettings.DEFAULTS;
        int partitions = number(properties, "partitions", String.valueOf(defaults.partitions()), Integer::parseInt);
        double replicaRate = number(properties, "replicaRate", String.valueOf(defaults.replicaRate()), Double::parseDouble);
        WorkloadSettings workload = valid("partitions/replicaRate/podStart", () -> new WorkloadSettings(partitions, replicaRate,
                number(properties, "podStart", String.valueOf(defaults.podStartSeconds()), Integer::parseInt)));
        KedaSettings keda = valid("pollingInterval/cooldown/maxReplicas", () -> new KedaSettings(
                number(properties, "pollingInterval", String.valueOf(KedaSettings.DEFAULT_POLLING_INTERVAL_SECONDS), Integer::parseInt),
                number(properties, "cooldown", String.valueOf(KedaSettings.DEFAULT_COOLDOWN_PERIOD_SECONDS), Integer::parseInt), 0,
                number(properties, "maxReplicas", String.valueOf(partitions), Integer::parseInt), hpaBehavior(properties)));
        PolicySettings policies = valid("lagThreshold/drainTarget/cpuTarget/refresh", () -> new PolicySettings(
                number(properties, "lagThreshold", "300", Long::parseLong),
                Duration.ofSeconds(number(properties, "drainTarget", "60", Long::parseLong)),
                number(properties, "cpuTarget", "70", Integer::parseInt), replicaRate, keda,
                number(properties, "refresh", "1", Integer::parseInt)));
        int tail = number(properties, "tail", "900", Integer::parseInt);
        if (tail < 0) {
            throw new IllegalArgumentException(PREFIX + "tail must be >= 0 seconds, got " + tail);
        }
        return new SimulatorOptions(traces, workload, policies, tail, Path.of(properties.getOrDefault(PREFIX + "output",
                "target/simulator")));
    }

    /** {@code unset}: KEDA's default, no behavior in the HPA; {@code default}: the API's documented default behavior. */
    private static Optional<HpaBehavior> hpaBehavior(Map<String, String> properties) {
        String value = properties.getOrDefault(PREFIX + "hpaBehavior", "unset").strip();
        return switch (value) {
            case "unset" -> Optional.empty();
            case "default" -> Optional.of(HpaBehavior.DEFAULT);
            default -> throw new IllegalArgumentException(PREFIX + "hpaBehavior: '" + value + "' is neither unset nor default");
        };
    }

    private static <T> T number(Map<String, String> properties, String key, String fallback, Function<String, T> parse) {
        String text = properties.getOrDefault(PREFIX + key, fallback).strip();
        try {
            return parse.apply(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + ": '" + text + "' is not a number");
        }
    }

    private static <T> T valid(String keys, Supplier<T> settings) {
        try {
            return settings.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(PREFIX)) {
                throw e;
            }
            throw new IllegalArgumentException(PREFIX + "{" + keys + "}: " + e.getMessage(), e);
        }
    }
}
