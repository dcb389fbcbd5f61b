package io.fusionscaler.signal.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4, what a {@code /metrics} endpoint serves to
 * {@code Accept: text/plain;version=0.0.4}). Every line is checked, whether its samples are kept or not, and the
 * first line that breaks the format makes the whole page {@link ParsedText.Malformed} with its line number: a page
 * that is partly wrong (or cut short) yields no number at all rather than a wrong one.
 *
 * <p>The rules are Prometheus' own text parser's: blank lines and {@code #} comments are allowed; {@code # HELP} needs
 * a metric name, {@code # TYPE} a metric name and one of counter, gauge, histogram, summary, untyped; a sample is a
 * metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}), optional labels {@code {name="value",...}} (label names
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}, values with the escapes {@code \\ \" \n}; a trailing comma is allowed, a repeated
 * label name is not), a value (a decimal or exponent float, {@code NaN}, {@code +Inf}, {@code -Inf}) and an optional
 * integer timestamp, separated by spaces or tabs; the last line must end with a line feed (a page without one was cut
 * short). Other backslash escapes in label values are kept as written, as Prometheus does. Not read: OpenMetrics
 * exemplars and quoted UTF-8 metric names (served only to clients that ask for them).
 *
 * <p>No allocation happens for samples the caller does not keep, so a large page costs little beyond one pass.
 */
public final class PrometheusText {

    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private PrometheusText() {
    }

    /** Every sample of the page. */
    public static ParsedText parse(CharSequence page) {
        return parse(page, name -> true);
    }

    /** The samples whose metric name {@code keep} accepts; every line is still checked. */
    public static ParsedText parse(CharSequence page, Predicate<String> keep) {
        return new Reader(page, keep).read();
    }

    /** The format is broken at the current line; carries no stack trace, it is an expected outcome. */
    private static final class MalformedLine extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedLine(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Reader {

        private final CharSequence text;
        private final Predicate<String> keep;
        private final List<Sample> samples = new ArrayList<>();
        private int line;

        Reader(CharSequence text, Predicate<String> keep) {
            this.text = text;
            this.keep = keep;
        }

        ParsedText read() {
            int length = text.length();
            int start = 0;
            try {
                while (start < length) {
                    line++;
                    int end = lineEnd(start, length);
                    if (end == length) {
                        throw new MalformedLine("the last line has no line feed: the page was cut short");
                    }
                    readLine(start, end);
                    start = end + 1;
                }
                return new ParsedText.Samples(samples);
            } catch (MalformedLine e) {
                return new ParsedText.Malformed(line, e.getMessage());
            }
        }

        private int lineEnd(int from, int length) {
            for (int i = from; i < length; i++) {
                if (text.charAt(i) == '\n') {
                    return i;
                }
            }
            return length;
        }

        private void readLine(int start, int end) throws MalformedLine {
            int i = skipBlanks(start, end);
            if (i == end) {
                return;
            }
            if (text.charAt(i) == '#') {
                readComment(i + 1, end);
            } else {
                readSample(i, end);
            }
        }

        private void readComment(int from, int end) throws MalformedLine {
            if (from == end || !isBlank(text.charAt(from))) {
                return;
            }
            int i = skipBlanks(from, end);
            if (keyword(i, end, "HELP")) {
                int nameStart = skipBlanks(i + 4, end);
                int nameEnd = metricNameEnd(nameStart, end, "HELP");
                if (nameEnd < end && !isBlank(text.charAt(nameEnd))) {
                    throw unexpected(nameEnd, "in the metric name of HELP");
                }
            } else if (keyword(i, end, "TYPE")) {
                readType(skipBlanks(i + 4, end), end);
            }
        }

        private boolean keyword(int i, int end, String word) {
            int after = i + word.length();
            if (after >= end || !isBlank(text.charAt(after))) {
                return false;
            }
            for (int k = 0; k < word.length(); k++) {
                if (text.charAt(i + k) != word.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        private void readType(int nameStart, int end) throws MalformedLine {
            int nameEnd = metricNameEnd(nameStart, end, "TYPE");
            if (nameEnd == end || !isBlank(text.charAt(nameEnd))) {
                throw nameEnd == end ? new MalformedLine("TYPE needs a type after the metric name")
                        : unexpected(nameEnd, "in the metric name of TYPE");
            }
            int typeStart = skipBlanks(nameEnd, end);
            int typeEnd = tokenEnd(typeStart, end);
            String type = text.subSequence(typeStart, typeEnd).toString();
            if (!TYPES.contains(type)) {
                throw new MalformedLine("unknown metric type '" + shorten(type) + "' (counter, gauge, histogram, summary, untyped)");
            }
            if (skipBlanks(typeEnd, end) != end) {
                throw new MalformedLine("unexpected text after the metric type");
            }
        }

        private void readSample(int start, int end) throws MalformedLine {
            int nameEnd = metricNameEnd(start, end, "a sample");
            String name = text.subSequence(start, nameEnd).toString();
            boolean kept = keep.test(name);
            Map<String, String> labels = kept ? new HashMap<>(4) : null;
            int i = skipBlanks(nameEnd, end);
            if (i < end && text.charAt(i) == '{') {
                i = skipBlanks(readLabels(i + 1, end, labels), end);
            } else if (i == nameEnd && i < end) {
                throw unexpected(i, "in a metric name");
            }
            if (i == end) {
                throw new MalformedLine("sample of " + shorten(name) + " has no value");
            }
            int valueEnd = tokenEnd(i, end);
            double value = value(i, valueEnd);
            int t = skipBlanks(valueEnd, end);
            if (t < end) {
                int timestampEnd = tokenEnd(t, end);
                checkTimestamp(t, timestampEnd);
                if (skipBlanks(timestampEnd, end) != end) {
                    throw new MalformedLine("unexpected text after the timestamp");
                }
            }
            if (kept) {
                samples.add(new Sample(name, labels, value));
            }
        }

        /** Reads labels after the opening brace; returns the index after the closing brace. */
        private int readLabels(int from, int end, Map<String, String> labels) throws MalformedLine {
            int i = skipBlanks(from, end);
            while (true) {
                if (i < end && text.charAt(i) == '}') {
                    return i + 1;
                }
                int nameEnd = labelNameEnd(i, end);
                String name = text.subSequence(i, nameEnd).toString();
                i = skipBlanks(nameEnd, end);
                if (i == end || text.charAt(i) != '=') {
                    throw i == end ? new MalformedLine("label " + shorten(name) + " has no '='") : unexpected(i, "after label " + shorten(name) + ", expected '='");
                }
                i = skipBlanks(i + 1, end);
                if (i == end || text.charAt(i) != '"') {
                    throw new MalformedLine("the value of label " + shorten(name) + " must be in double quotes");
                }
                StringBuilder value = labels == null ? null : new StringBuilder();
                i = readQuoted(i + 1, end, value);
                if (labels != null && labels.put(name, value.toString()) != null) {
                    throw new MalformedLine("label " + shorten(name) + " appears twice");
                }
                i = skipBlanks(i, end);
                if (i < end && text.charAt(i) == ',') {
                    i = skipBlanks(i + 1, end);
                } else if (i == end || text.charAt(i) != '}') {
                    throw i == end ? new MalformedLine("the labels are not closed with '}'") : unexpected(i, "between labels, expected ',' or '}'");
                }
            }
        }

        /** Reads a label value after its opening quote into {@code into} (when not null); returns the index after the closing quote. */
        private int readQuoted(int from, int end, StringBuilder into) throws MalformedLine {
            int i = from;
            while (i < end) {
                char c = text.charAt(i);
                if (c == '"') {
                    return i + 1;
                }
                if (c == '\\') {
                    if (i + 1 == end) {
                        break;
                    }
                    char escaped = text.charAt(i + 1);
                    if (into != null) {
                        switch (escaped) {
                            case 'n' -> into.append('\n');
                            case '\\', '"' -> into.append(escaped);
                            default -> into.append(c).append(escaped);
                        }
                    }
                    i += 2;
                    continue;
                }
                if (into != null) {
                    into.append(c);
                }
                i++;
            }
            throw new MalformedLine("a label value is not closed with '\"'");
        }

        /** A Go-style float: decimal with optional fraction and exponent, or Inf/Infinity (signed) and NaN, any case. */
        private double value(int start, int end) throws MalformedLine {
            int i = start;
            boolean negative = false;
            if (text.charAt(i) == '+' || text.charAt(i) == '-') {
                negative = text.charAt(i) == '-';
                i++;
            }
            String rest = text.subSequence(i, end).toString();
            if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (i == start && rest.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            int mantissaDigits = 0;
            long integer = 0;
            while (i < end && isDigit(text.charAt(i))) {
                integer = integer * 10 + (text.charAt(i) - '0');
                mantissaDigits++;
                i++;
            }
            boolean plainInteger = i == end && mantissaDigits > 0 && mantissaDigits <= 15;
            if (plainInteger) {
                return negative ? -(double) integer : integer;
            }
            if (i < end && text.charAt(i) == '.') {
                i++;
                while (i < end && isDigit(text.charAt(i))) {
                    mantissaDigits++;
                    i++;
                }
            }
            boolean valid = mantissaDigits > 0;
            if (valid && i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                i++;
                if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                    i++;
                }
                int exponentStart = i;
                while (i < end && isDigit(text.charAt(i))) {
                    i++;
                }
                valid = i > exponentStart;
            }
            if (!valid || i != end) {
                throw new MalformedLine("the sample value '" + shorten(text.subSequence(start, end).toString()) + "' is not a number");
            }
            return Double.parseDouble(text.subSequence(start, end).toString());
        }

        private void checkTimestamp(int start, int end) throws MalformedLine {
            int digits = start < end && text.charAt(start) == '-' ? start + 1 : start;
            boolean valid = digits < end && end - digits <= 19;
            for (int i = digits; valid && i < end; i++) {
                valid = isDigit(text.charAt(i));
            }
            if (!valid) {
                throw new MalformedLine("the timestamp must be an integer of milliseconds");
            }
        }

        private int metricNameEnd(int start, int end, String where) throws MalformedLine {
            if (start == end || !isMetricNameStart(text.charAt(start))) {
                throw start == end ? new MalformedLine(where + " needs a metric name") : unexpected(start, "where " + where + " needs a metric name");
            }
            int i = start + 1;
            while (i < end && (isMetricNameStart(text.charAt(i)) || isDigit(text.charAt(i)))) {
                i++;
            }
            return i;
        }

        private int labelNameEnd(int start, int end) throws MalformedLine {
            if (start == end || !isLabelNameStart(text.charAt(start))) {
                throw start == end ? new MalformedLine("the labels are not closed with '}'") : unexpected(start, "where a label name or '}' belongs");
            }
            int i = start + 1;
            while (i < end && (isLabelNameStart(text.charAt(i)) || isDigit(text.charAt(i)))) {
                i++;
            }
            return i;
        }

        private int skipBlanks(int from, int end) {
            int i = from;
            while (i < end && isBlank(text.charAt(i))) {
                i++;
            }
            return i;
        }

        private int tokenEnd(int from, int end) {
            int i = from;
            while (i < end && !isBlank(text.charAt(i))) {
                i++;
            }
            return i;
        }

        private MalformedLine unexpected(int at, String where) {
            return new MalformedLine("unexpected " + describe(text.charAt(at)) + " " + where + " (column " + (at - lineStart(at) + 1) + ")");
        }

        private int lineStart(int at) {
            int i = at;
            while (i > 0 && text.charAt(i - 1) != '\n') {
                i--;
            }
            return i;
        }
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLabelNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isMetricNameStart(char c) {
        return isLabelNameStart(c) || c == ':';
    }

    /** Whether {@code name} is a valid metric name. */
    public static boolean isMetricName(String name) {
        if (name.isEmpty() || !isMetricNameStart(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(c -> isMetricNameStart((char) c) || isDigit((char) c));
    }

    /** Whether {@code name} is a valid label name. */
    public static boolean isLabelName(String name) {
        if (name.isEmpty() || !isLabelNameStart(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(c -> isLabelNameStart((char) c) || isDigit((char) c));
    }

    static String describe(char c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("character U+%04X", (int) c);
    }

    /** At most 64 characters of {@code s}, anything unprintable shown as '?': error texts quote what pods and users wrote. */
    static String shorten(String s) {
        String cut = s.length() <= 64 ? s : s.substring(0, 61) + "...";
        StringBuilder printable = new StringBuilder(cut.length());
        cut.chars().forEach(c -> printable.append(c >= 0x20 && c != 0x7f ? (char) c : '?'));
        return printable.toString();
    }
}
