package io.fusionscaler.simulator.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Reads a trace from CSV, {@code time_s,produced} or {@code time_s,produced,consumed} per line (README "What-if
 * simulator"):
 * <ul>
 *   <li>{@code time_s}: whole seconds, strictly increasing; the trace starts at the first row's time (so Unix times
 *       work as they are);</li>
 *   <li>{@code produced}: messages produced from this row's time until the next row's, spread evenly; the last row
 *       lasts as long as the one before it (1 s in a one-row trace);</li>
 *   <li>{@code consumed} (optional, on every row or none): messages the real consumers took in the same interval;
 *       the simulator then also shows what the recorded consumption did;</li>
 *   <li>numbers may have a fraction ({@code increase()} from Prometheus has one); an optional header line
 *       {@code time_s,produced[,consumed]}; blank lines and lines starting with {@code #} are skipped, and the
 *       {@code #} lines before the first row describe the trace.</li>
 * </ul>
 */
public final class TraceCsv {

    /** Traces longer than this (7 days) are refused: the simulator must answer in seconds. */
    public static final long MAX_SECONDS = 7 * 24 * 3600;

    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final String HEADER = "time_s,produced";
    private static final String HEADER_WITH_CONSUMED = "time_s,produced,consumed";

    private TraceCsv() {
    }

    public static Trace read(String name, Reader source) throws IOException, TraceFormatException {
        BufferedReader reader = new BufferedReader(source);
        StringJoiner description = new StringJoiner(" ");
        List<ParsedLine> lines = new ArrayList<>();
        String text;
        int number = 0;
        boolean headerAllowed = true;
        while ((text = reader.readLine()) != null) {
            number++;
            String line = text.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (lines.isEmpty()) {
                    description.add(line.substring(1).strip());
                }
                continue;
            }
            if (headerAllowed && (line.equals(HEADER) || line.equals(HEADER_WITH_CONSUMED))) {
                headerAllowed = false;
                continue;
            }
            headerAllowed = false;
            lines.add(parse(name, number, line));
        }
        if (lines.isEmpty()) {
            throw new TraceFormatException(name + ": no data rows; expected lines like 0,120 (time_s,produced)");
        }
        return new Trace(name, description.toString(), rows(name, lines));
    }

    private record ParsedLine(int number, long time, double produced, OptionalDouble consumed) {
    }

    private static ParsedLine parse(String name, int number, String line) throws TraceFormatException {
        String[] fields = line.split(",", -1);
        if (fields.length != 2 && fields.length != 3) {
            throw problem(name, number, "expected 2 or 3 comma-separated fields (time_s,produced[,consumed]), got "
                    + fields.length);
        }
        long time = wholeSeconds(name, number, fields[0].strip());
        double produced = count(name, number, "produced", fields[1].strip());
        OptionalDouble consumed = fields.length == 3
                ? OptionalDouble.of(count(name, number, "consumed", fields[2].strip())) : OptionalDouble.empty();
        return new ParsedLine(number, time, produced, consumed);
    }

    private static List<TraceRow> rows(String name, List<ParsedLine> lines) throws TraceFormatException {
        boolean recorded = lines.get(0).consumed().isPresent();
        long origin = lines.get(0).time();
        List<TraceRow> rows = new ArrayList<>(lines.size());
        double producedSoFar = 0;
        double consumedSoFar = 0;
        for (int i = 0; i < lines.size(); i++) {
            ParsedLine line = lines.get(i);
            if (line.consumed().isPresent() != recorded) {
                throw problem(name, line.number(), recorded ? "consumed is missing (the first row has it, so every row must)"
                        : "consumed is given, but the first row has none (every row or none)");
            }
            long seconds;
            ParsedLine end = line;
            if (i + 1 < lines.size()) {
                ParsedLine next = lines.get(i + 1);
                if (next.time() <= line.time()) {
                    throw problem(name, next.number(), "time_s " + next.time() + " is not after the previous row's "
                            + line.time());
                }
                seconds = next.time() - line.time();
                end = next;
            } else {
                seconds = i == 0 ? 1 : line.time() - lines.get(i - 1).time();
            }
            long start = line.time() - origin;
            if (start + seconds > MAX_SECONDS) {
                throw problem(name, end.number(), "the trace runs past " + MAX_SECONDS + " s (7 days), the most the "
                        + "simulator replays");
            }
            producedSoFar += line.produced();
            consumedSoFar += line.consumed().orElse(0);
            if (consumedSoFar > producedSoFar) {
                throw problem(name, line.number(), "consumed so far (" + plain(consumedSoFar) + ") exceeds produced so far ("
                        + plain(producedSoFar) + ")");
            }
            rows.add(new TraceRow(start, seconds, line.produced(), line.consumed()));
        }
        return rows;
    }

    private static long wholeSeconds(String name, int number, String text) throws TraceFormatException {
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw problem(name, number, "time_s " + text + " is negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw problem(name, number, "time_s '" + text + "' is not a whole number of seconds");
        }
    }

    private static double count(String name, int number, String field, String text) throws TraceFormatException {
        if (text.startsWith("-") && DECIMAL.matcher(text.substring(1)).matches()) {
            throw problem(name, number, field + " " + text + " is negative");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw problem(name, number, field + " '" + text + "' is not a number of messages (digits, optionally a "
                    + "fraction, e.g. 120 or 37.5)");
        }
        return Double.parseDouble(text);
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static TraceFormatException problem(String name, int number, String what) {
        return new TraceFormatException(name + " line " + number + ": " + what);
    }
}
