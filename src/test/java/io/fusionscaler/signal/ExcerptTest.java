package io.fusionscaler.signal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExcerptTest {

    @Test
    void aShortPrintableValueIsShownAsItIs() {
        assertThat(Excerpt.quoted("my-group")).isEqualTo("'my-group'");
        assertThat(Excerpt.of("my-group")).isEqualTo("my-group");
        assertThat(Excerpt.quoted("")).isEqualTo("''");
    }

    @Test
    void aLongValueIsCutToItsHeadAndSaysHowLongItWas() {
        String value = "x".repeat(100_000);

        assertThat(Excerpt.quoted(value)).isEqualTo("'" + "x".repeat(Excerpt.MAX_CODE_POINTS) + "'... (100000 chars)");
        assertThat(Excerpt.of(value)).isEqualTo("x".repeat(Excerpt.MAX_CODE_POINTS) + "... (100000 chars)");
        assertThat(Excerpt.of("x".repeat(Excerpt.MAX_CODE_POINTS))).isEqualTo("x".repeat(Excerpt.MAX_CODE_POINTS));
    }

    @Test
    void controlInvisibleAndSeparatorCharactersAreEscapedSoNoValueCanBreakOrDisguiseALine() {
        assertThat(Excerpt.of("a\nb\r\u0000c\u200Bd\u202Ee\u00A0f\u2028g\u0085"))
                .isEqualTo("a\\u000Ab\\u000D\\u0000c\\u200Bd\\u202Ee\\u00A0f\\u2028g\\u0085");
        assertThat(Excerpt.of("\uDB80\uDC00")).as("private use, beyond the BMP").isEqualTo("\\u{F0000}");
        assertThat(Excerpt.of("\uD800x")).as("a lone surrogate").isEqualTo("\\uD800x");
    }

    @Test
    void visibleNonAsciiCharactersStayReadable() {
        assertThat(Excerpt.quoted("５ é 😀 a b")).isEqualTo("'５ é 😀 a b'");
    }

    @Test
    void aCharacterBeyondTheBmpIsNeverSplitAtTheCut() {
        String value = "x".repeat(Excerpt.MAX_CODE_POINTS - 1) + "😀" + "tail";

        assertThat(Excerpt.of(value)).isEqualTo("x".repeat(Excerpt.MAX_CODE_POINTS - 1) + "😀... (" + value.length() + " chars)");
    }
}
