package io.fusionscaler.simulator;

import io.fusionscaler.simulator.report.ResultTable;
import io.fusionscaler.simulator.report.RunChart;
import io.fusionscaler.simulator.setup.ComparedPolicies;
import io.fusionscaler.simulator.setup.PolicySettings;
import io.fusionscaler.simulator.trace.ShippedTraces;
import io.fusionscaler.simulator.trace.Trace;
import io.fusionscaler.simulator.trace.TraceFormatException;
import io.fusionscaler.simulator.workload.WorkloadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The what-if simulator: {@code ./mvnw -Psimulate test [-Dsimulate.trace=spike|my-traffic.csv] [-Dsimulate.<option>=...]}.
 * Replays each trace through the five compared set-ups, prints one table per trace, and writes
 * {@code <output>/<trace>.png} and {@code <output>/report.md}.
 */
public final class Simulator {

    private Simulator() {
    }

    public static void main(String[] args) throws IOException, TraceFormatException {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> properties.put(k, System.getProperty(k)));
        SimulatorOptions options = SimulatorOptions.from(properties);
        Files.createDirectories(options.output());
        StringBuilder report = new StringBuilder("# What-if simulator report\n\n").append(settings(options)).append('\n');
        System.out.println(settings(options));
        for (String name : options.traces()) {
            Trace trace = ShippedTraces.load(name);
            List<PolicyResult> results = Simulation.run(trace, ComparedPolicies.create(options.policies()),
                    options.workload(), options.tailSeconds());
            ResultTable table = new ResultTable(results);
            Path png = options.output().resolve(trace.name() + ".png");
            RunChart.write(trace, results, png);
            String title = "## " + trace.name() + " (" + trace.seconds() + " s, " + String.format(Locale.ROOT, "%,d", trace.totalProduced())
                    + " messages)";
            System.out.println(title + "\n" + trace.description() + "\n\n" + table.text() + "chart: " + png + "\n");
            report.append(title).append("\n\n").append(trace.description()).append("\n\n").append(table.markdown())
                    .append("\n![").append(trace.name()).append("](").append(png.getFileName()).append(")\n\n");
        }
        Path markdown = options.output().resolve("report.md");
        Files.writeString(markdown, report, StandardCharsets.UTF_8);
        System.out.println("report: " + markdown);
    }

    /** The settings of a run, as the output states them. */
    static String settings(SimulatorOptions options) {
        WorkloadSettings w = options.workload();
        PolicySettings p = options.policies();
        return String.format(Locale.ROOT, """
                Workload: %d partitions; a replica processes %s msg/s and consumes %d s after it is created; the group's \
                rate is set by its busiest consumer (%s msg/s x partitions / ceil(partitions / ready replicas)); \
                starts idle at 0 replicas.
                Every set-up: minReplicaCount 0, maxReplicaCount %d, pollingInterval %d s, cooldownPeriod %d s; \
                HPA sync 15 s, tolerance 10 %%, %s; lagThreshold %d, activationLagThreshold 0.
                fusion-scaler: external-push, refresh every %d s; rate policy: lagDrainTarget %d s, lagReplicaRate %s \
                msg/s (the load test's figure) until it measures its own. KEDA kafka + cpu: cpu Utilization %d %%. KEDA scalingModifiers: formula "%s" (lag with \
                allowIdleConsumers, rate = Prometheus rate(log-end offsets[2m]) scraped every 30 s), target %s, \
                activationTarget 0.
                Run: the trace, then %d s without traffic (longer while a backlog remains); waits to the second.
                """, w.partitions(), num(w.replicaRate()), w.podStartSeconds(), num(w.replicaRate()),
                p.keda().maxReplicaCount(), p.keda().pollingIntervalSeconds(), p.keda().cooldownPeriodSeconds(),
                p.keda().hpaBehavior().isEmpty() ? "behavior unset as KEDA leaves it (up to max(2 x current, 4) per sync; "
                        + "down to the highest recommendation of the last 300 s)" : "the documented default behavior (up: 100 % "
                        + "or 4 pods per 15 s; down: 100 % per 15 s after a 300 s window)",
                p.lagThreshold(), p.refreshSeconds(), p.drainTarget().toSeconds(), num(p.replicaRate()), p.cpuTargetPercent(),
                ComparedPolicies.formula(p), num(p.replicaRate() * p.drainTarget().toSeconds()), options.tailSeconds());
    }

    private static String num(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
