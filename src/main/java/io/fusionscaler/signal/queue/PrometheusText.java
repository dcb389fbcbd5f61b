package io.fusionscaler.signal.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * <p>Samples the caller does not keep cost one pass over their characters and no allocation: their names are compared
 * in place and their values checked but not converted. A kept sample holds the caller's own name strings, and only the
 * labels the caller names.
 */
public final class PrometheusText {

    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    /** A line's label names are checked for repeats pairwise up to this many, through a set beyond. */
    private static final int PAIRWISE_LABELS = 16;

    private PrometheusText() {
    }

    /** Every sample of the page, with all its labels. */
    public static ParsedText parse(String page) {
        return new Reader(page, null, null).read();
    }

    /**
     * The samples of the metrics named in {@code keep}, each with only those of its labels named in {@code keepLabels};
     * every line is still checked.
     */
    public static ParsedText parse(String page, Collection<String> keep, Collection<String> keepLabels) {
        return new Reader(page, keep.toArray(String[]::new), keepLabels.toArray(String[]::new)).read();
    }

    /** The format is broken at the current line; carries no stack trace, it is an expected outcome. */
    private static final class MalformedLine extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedLine(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Reader {

        private final String text;
        /** The metric names to keep; null keeps all. */
        private final String[] keep;
        /** The label names to keep on kept samples; null keeps all. */
        private final String[] keepLabels;
        private final List<Sample> samples = new ArrayList<>();
        /** The kept labels of the current line; copied into its sample. */
        private final Map<String, String> labels = new HashMap<>();
        /** Start and end of the current line's first label names, compared in place for repeats. */
        private final int[] labelNames = new int[2 * PAIRWISE_LABELS];
        /** The current line's label names once it has more than {@link #PAIRWISE_LABELS}. */
        private final Set<String> manyLabelNames = new HashSet<>();
        private int line;
        /** See {@link #backslashAtOrAfter(int)}: no backslash from the first to the second; none searched yet. */
        private int backslashSearchedFrom;
        private int nextBackslash = -1;

        Reader(String text, String[] keep, String[] keepLabels) {
            this.text = text;
            this.keep = keep;
            this.keepLabels = keepLabels;
        }

        ParsedText read() {
            int length = text.length();
            int start = 0;
            try {
                while (start < length) {
                    line++;
                    int end = text.indexOf('\n', start);
                    if (end < 0) {
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

        /** The name as {@code names} holds it (the text's own when null: all are kept); null when not there. */
        private String kept(String[] names, int nameStart, int nameEnd) {
            if (names == null) {
                return text.substring(nameStart, nameEnd);
            }
            int length = nameEnd - nameStart;
            for (String name : names) {
                if (name.length() == length && text.regionMatches(nameStart, name, 0, length)) {
                    return name;
                }
            }
            return null;
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
            String type = text.substring(typeStart, typeEnd);
            if (!TYPES.contains(type)) {
                throw new MalformedLine("unknown metric type '" + shorten(type) + "' (counter, gauge, histogram, summary, untyped)");
            }
            if (skipBlanks(typeEnd, end) != end) {
                throw new MalformedLine("unexpected text after the metric type");
            }
        }

        private void readSample(int start, int end) throws MalformedLine {
            int nameEnd = metricNameEnd(start, end, "a sample");
            String name = kept(keep, start, nameEnd);
            boolean kept = name != null;
            int i = skipBlanks(nameEnd, end);
            if (i < end && text.charAt(i) == '{') {
                i = skipBlanks(readLabels(i + 1, end, kept), end);
            } else if (i == nameEnd && i < end) {
                throw unexpected(i, "in a metric name");
            }
            if (i == end) {
                throw new MalformedLine("sample of " + shorten(text.substring(start, nameEnd)) + " has no value");
            }
            int valueEnd = tokenEnd(i, end);
            double value = value(i, valueEnd, kept);
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
                labels.clear();
            }
        }

        /**
         * Reads labels after the opening brace, into {@link #labels} when the sample is {@code kept}; returns the index
         * after the closing brace.
         */
        private int readLabels(int from, int end, boolean kept) throws MalformedLine {
            int i = skipBlanks(from, end);
            for (int count = 0; ; count++) {
                if (i < end && text.charAt(i) == '}') {
                    return i + 1;
                }
                int nameStart = i;
                int nameEnd = labelNameEnd(i, end);
                i = skipBlanks(nameEnd, end);
                if (i == end || text.charAt(i) != '=') {
                    String name = shorten(text.substring(nameStart, nameEnd));
                    throw i == end ? new MalformedLine("label " + name + " has no '='") : unexpected(i, "after label " + name + ", expected '='");
                }
                i = skipBlanks(i + 1, end);
                if (i == end || text.charAt(i) != '"') {
                    throw new MalformedLine("the value of label " + shorten(text.substring(nameStart, nameEnd)) + " must be in double quotes");
                }
                int valueStart = i + 1;
                i = closingQuote(valueStart, end);
                if (kept) {
                    keepLabel(nameStart, nameEnd, count, valueStart, i - 1);
                }
                i = skipBlanks(i, end);
                if (i < end && text.charAt(i) == ',') {
                    i = skipBlanks(i + 1, end);
                } else if (i == end || text.charAt(i) != '}') {
                    throw i == end ? new MalformedLine("the labels are not closed with '}'") : unexpected(i, "between labels, expected ',' or '}'");
                }
            }
        }

        /** Keeps a kept sample's label if it is asked for; a label name repeated on the line is an error either way. */
        private void keepLabel(int nameStart, int nameEnd, int index, int valueStart, int valueEnd) throws MalformedLine {
            if (repeated(nameStart, nameEnd, index)) {
                throw new MalformedLine("label " + shorten(text.substring(nameStart, nameEnd)) + " appears twice");
            }
            String name = kept(keepLabels, nameStart, nameEnd);
            if (name != null) {
                labels.put(name, unescape(valueStart, valueEnd));
            }
        }

        /** Whether the {@code index}-th label name of the line repeats an earlier one; remembers it for the next. */
        private boolean repeated(int nameStart, int nameEnd, int index) {
            if (index < PAIRWISE_LABELS) {
                int length = nameEnd - nameStart;
                for (int k = 0; k < index; k++) {
                    int earlier = labelNames[2 * k];
                    if (labelNames[2 * k + 1] - earlier == length && text.regionMatches(earlier, text, nameStart, length)) {
                        return true;
                    }
                }
                labelNames[2 * index] = nameStart;
                labelNames[2 * index + 1] = nameEnd;
                return false;
            }
            if (index == PAIRWISE_LABELS) {
                manyLabelNames.clear();
                for (int k = 0; k < PAIRWISE_LABELS; k++) {
                    manyLabelNames.add(text.substring(labelNames[2 * k], labelNames[2 * k + 1]));
                }
            }
            return !manyLabelNames.add(text.substring(nameStart, nameEnd));
        }

        /** The index after the quote that closes a label value starting at {@code from}. */
        private int closingQuote(int from, int end) throws MalformedLine {
            int i = from;
            while (true) {
                int quote = text.indexOf('"', i);
                if (quote < 0 || quote >= end) {
                    throw new MalformedLine("a label value is not closed with '\"'");
                }
                int backslash = backslashAtOrAfter(i);
                if (backslash > quote) {
                    return quote + 1;
                }
                i = backslash + 2;
            }
        }

        /**
         * The index of the first backslash at or after {@code from} (the text's length if none). Label values are found
         * with {@link String#indexOf(int, int)}, many times faster than a loop over their characters, and the next
         * backslash tells whether one of them is escaped. The last search is remembered: the text has no backslash from
         * where it started to where it found one, so the page is searched about once in all.
         */
        private int backslashAtOrAfter(int from) {
            if (from < backslashSearchedFrom || from > nextBackslash) {
                int found = text.indexOf('\\', from);
                backslashSearchedFrom = from;
                nextBackslash = found < 0 ? text.length() : found;
            }
            return nextBackslash;
        }

        /** A label value's text without its quotes: {@code \\ \" \n} unescaped, other escapes kept as written. */
        private String unescape(int start, int end) {
            if (backslashAtOrAfter(start) >= end) {
                return text.substring(start, end);
            }
            StringBuilder value = new StringBuilder(end - start);
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = text.charAt(++i);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case '\\', '"' -> value.append(escaped);
                    default -> value.append(c).append(escaped);
                }
            }
            return value.toString();
        }

        /**
         * A Go-style float: decimal with optional fraction and exponent, or Inf/Infinity (signed) and NaN, any case.
         * Always checked; exact only when {@code convert} (otherwise the number returned means nothing).
         */
        private double value(int start, int end, boolean convert) throws MalformedLine {
            int i = start;
            boolean negative = false;
            if (text.charAt(i) == '+' || text.charAt(i) == '-') {
                negative = text.charAt(i) == '-';
                i++;
            }
            if (i < end && !isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                if (word(i, end, "inf") || word(i, end, "infinity")) {
                    return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                if (i == start && word(i, end, "nan")) {
                    return Double.NaN;
                }
            }
            int mantissaDigits = 0;
            long integer = 0;
            while (i < end && isDigit(text.charAt(i))) {
                integer = integer * 10 + (text.charAt(i) - '0');
                mantissaDigits++;
                i++;
            }
            if (i == end && mantissaDigits > 0 && (mantissaDigits <= 15 || !convert)) {
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
                throw new MalformedLine("the sample value '" + shorten(text.substring(start, end)) + "' is not a number");
            }
            return convert ? Double.parseDouble(text.substring(start, end)) : 0;
        }

        private boolean word(int start, int end, String lowerCase) {
            return end - start == lowerCase.length() && text.regionMatches(true, start, lowerCase, 0, lowerCase.length());
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
