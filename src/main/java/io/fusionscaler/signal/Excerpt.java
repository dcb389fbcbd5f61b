package io.fusionscaler.signal;

/**
 * How a message shows a value that came from outside (trigger metadata, ScaledObject names): at most its first
 * {@value #MAX_CODE_POINTS} characters, with control, invisible and separator characters written as unicode escapes,
 * and its full length when it was cut. A hostile value can then make no error message, log line or gRPC status
 * large, multi-line or misleading.
 */
public final class Excerpt {

    static final int MAX_CODE_POINTS = 64;

    private Excerpt() {
    }

    /** The value in single quotes, e.g. {@code 'abc'}, or {@code 'abc'... (100000 chars)} when cut. */
    public static String quoted(String value) {
        StringBuilder out = new StringBuilder("'");
        int end = appendHead(out, value);
        out.append('\'');
        return end < value.length() ? out + cutNote(value) : out.toString();
    }

    /** The value without quotes, cut and escaped like {@link #quoted}. */
    public static String of(String value) {
        StringBuilder out = new StringBuilder();
        int end = appendHead(out, value);
        return end < value.length() ? out + cutNote(value) : out.toString();
    }

    /** Appends the escaped head of {@code value}; returns the index where it stopped. */
    private static int appendHead(StringBuilder out, String value) {
        int index = 0;
        for (int count = 0; index < value.length() && count < MAX_CODE_POINTS; count++) {
            int codePoint = value.codePointAt(index);
            if (needsEscape(codePoint)) {
                out.append(codePoint <= 0xFFFF ? String.format("\\u%04X", codePoint) : String.format("\\u{%X}", codePoint));
            } else {
                out.appendCodePoint(codePoint);
            }
            index += Character.charCount(codePoint);
        }
        return index;
    }

    private static String cutNote(String value) {
        return "... (" + value.length() + " chars)";
    }

    private static boolean needsEscape(int codePoint) {
        if (codePoint == ' ') {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
