package io.fusionscaler.signal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Values are read as KEDA reads them (pkg/scalers/scalersconfig): Go's strings.TrimSpace, blank = absent,
 * strconv.ParseBool, encoding/json for integers, strconv.ParseInt inside lists.
 */
class TriggerMetadataTest {

    private static TriggerMetadata metadata(String key, String value) {
        return new TriggerMetadata(Map.of(key, value));
    }

    private static long integer(String value) throws InvalidMetadataException {
        return metadata("n", value).longValue("n", -42);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "5|5", "-5|-5", "0|0", "-0|0", "'  5  '|5",
            "9223372036854775807|9223372036854775807", "-9223372036854775808|-9223372036854775808"})
    void integersKedaAcceptsAreRead(String value, long expected) throws InvalidMetadataException {
        assertThat(integer(value)).isEqualTo(expected);
    }

    @Test
    void everyUnicodeWhiteSpaceGoTrimsIsTrimmedAroundAnInteger() throws InvalidMetadataException {
        assertThat(integer("\t\n\u000B\f\r \u0085\u00A05\u1680\u2000\u200A\u2028\u2029\u202F\u205F\u3000")).isEqualTo(5);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "５", "١٠", "٥", "𝟓", "5\u0000", "\u00005", "5\u0001", "5\u001F", "\u001C5", "\u200B5", "5\uFEFF",
            "+5", "007", "05", "-05", "1.0", "1e3", "0x10", "1_000", "5 5", "−5", "--5", "-", "null", "\"5\"", "five",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999999"})
    void integersKedaRejectsAreInvalidNamingTheKey(String value) {
        assertThatThrownBy(() -> integer(value)).isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
            assertThat(e.key()).isEqualTo("n");
            assertThat(e.rule()).contains("integer");
        });
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "   ", "\u3000", "\t\n"})
    void aBlankValueIsAbsentAndGivesTheDefault(String value) throws InvalidMetadataException {
        assertThat(integer(value)).isEqualTo(-42);
        assertThat(metadata("s", value).string("s")).isEmpty();
    }

    @Test
    void stringsAreTrimmedOfGoWhiteSpaceOnlyNeverOfControlCharacters() throws InvalidMetadataException {
        assertThat(metadata("s", "\u0085 group\u00A0\u3000").string("s")).contains("group");
        assertThat(metadata("s", " group\u0001 ").string("s")).contains("group\u0001");
        assertThat(metadata("s", "\u001Cgroup\u0000").string("s")).contains("\u001Cgroup\u0000");
        assertThat(metadata("s", "\u200Bgroup").string("s")).contains("\u200Bgroup");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"yes", "tRUE", "ｔｒｕｅ", "true\u0000", "1\u0001", "١", "on"})
    void booleansGoRejectsAreInvalid(String value) {
        assertThatThrownBy(() -> metadata("flag", value).bool("flag", false))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> assertThat(e.rule()).contains("true or false"));
    }

    @Test
    void booleansAreTrimmedLikeEveryValue() throws InvalidMetadataException {
        assertThat(metadata("flag", "\u00A0true\n").bool("flag", false)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {"3|3", "+3|3", "007|7", "-0|0", "-7|-7", "2147483647|2147483647",
            "-2147483648|-2147483648", "00000000000000000012|12"})
    void numbersInsideListsAreReadAsGosParseInt(String text, int expected) {
        assertThat(TriggerMetadata.goInt32(text)).hasValue(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "+", "-", "３", "١", "1_0", "0x1", "1.0", " 1", "1 ", "++1", "2147483648", "-2147483649",
            "99999999999999999999"})
    void numbersInsideListsGoRejectsAreNotNumbers(String text) {
        assertThat(TriggerMetadata.goInt32(text)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void errorsNameTheKeyAsTheTriggerSpellsIt() {
        TriggerMetadata fromEnv = metadata("countFromEnv", "AA");

        assertThat(fromEnv.spelling("count")).isEqualTo("countFromEnv");
        assertThat(metadata("count", "AA").spelling("count")).isEqualTo("count");
        assertThatThrownBy(() -> fromEnv.longValue("count", 0))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> assertThat(e.key()).isEqualTo("countFromEnv"));
        assertThatThrownBy(() -> metadata("flagFromEnv", "maybe").bool("flag", false))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> assertThat(e.key()).isEqualTo("flagFromEnv"));
    }

    @Test
    void aBadValueIsQuotedShortAndAHugeKeyIsShownShort() {
        assertThatThrownBy(() -> integer("x".repeat(100_000)))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> assertThat(e.getMessage()).hasSizeLessThan(300)
                        .contains("(100000 chars)"));
        InvalidMetadataException huge = new InvalidMetadataException("k".repeat(100_000), "unknown key");
        assertThat(huge.key()).hasSizeLessThan(100).contains("(100000 chars)");
        assertThat(huge.getMessage()).hasSizeLessThan(150);
    }
}
