package io.fusionscaler.simulator.report;

import io.fusionscaler.simulator.PolicyResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;

/** The side-by-side table of one trace's results, as Markdown (report.md, README) or as aligned text (stdout). */
public final class ResultTable {

    static final List<String> HEADER = List.of("policy", "wait p50", "wait p99", "wait max", "max backlog",
            "drain after bursts (median / max)", "replica-seconds", "scale events", "time at zero");

    private final List<List<String>> rows;

    public ResultTable(List<PolicyResult> results) {
        rows = new ArrayList<>();
        for (PolicyResult r : results) {
            rows.add(List.of(r.policy() + (r.undrained() > 0 ? " (" + count(r.undrained()) + " never processed)" : ""),
                    duration(r.waitP50()), duration(r.waitP99()), duration(r.waitMax()), count(r.maxBacklog()),
                    drains(r), optional(r.replicaSeconds(), ResultTable::count), optional(r.scaleEvents(), String::valueOf),
                    optional(r.secondsAtZero(), ResultTable::duration)));
        }
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", HEADER)).append(" |\n|");
        HEADER.forEach(h -> out.append(h.equals("policy") ? "---|" : "---:|"));
        out.append('\n');
        rows.forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return out.toString();
    }

    public String text() {
        int[] widths = new int[HEADER.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = HEADER.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, HEADER, widths);
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            out.append(c == 0 ? cell + pad : pad + cell).append(c + 1 < cells.size() ? "  " : "\n");
        }
    }

    private static String drains(PolicyResult r) {
        if (r.drainSeconds().isEmpty()) {
            return "no bursts";
        }
        return duration(r.drainMedian().orElseThrow()) + " / " + duration(r.drainMax().orElseThrow());
    }

    private static String optional(OptionalLong value, Function<Long, String> format) {
        return value.isPresent() ? format.apply(value.getAsLong()) : "-";
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Seconds as {@code 42 s}, {@code 12m05s} or {@code 3h04m}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
