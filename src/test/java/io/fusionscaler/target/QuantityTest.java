package io.fusionscaler.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantityTest {

    @ParameterizedTest(name = "{0} = {1} thousandths")
    @CsvSource({
            // metrics-server's CPU: nanocores, rounded up to whole millicores like MilliValue()
            "1234567n, 2",
            "1000000n, 1",
            "999999999n, 1000",
            "0n, 0",
            "1500u, 2",
            "250m, 250",
            "1, 1000",
            "1.5, 1500",
            "0.9, 900",
            ".5, 500",
            "5., 5000",
            "+2, 2000",
            "-250m, -250",
            "-1234567n, -1",
            "2k, 2000000",
            "1M, 1000000000",
            "1G, 1000000000000",
            // memory working set: bytes with binary suffixes
            "1Ki, 1024000",
            "300Mi, 314572800000",
            "1.5Gi, 1610612736000",
            "2Ti, 2199023255552000",
            "1Pi, 1125899906842624000",
            "1e3, 1000000",
            "1E3, 1000000",
            "15e-1, 1500",
            "1e-3, 1",
            "100m, 100",
    })
    void parsesTheWholeGrammarIntoMilliValues(String text, long milli) throws QuantitySyntaxException {
        assertThat(Quantity.parse(text).milliValue()).isEqualTo(milli);
    }

    @Test
    void keepsTheExactValueAndTheText() throws QuantitySyntaxException {
        Quantity quantity = Quantity.parse("1234567n");
        assertThat(quantity.value()).isEqualByComparingTo(new BigDecimal("0.001234567"));
        assertThat(quantity).hasToString("1234567n");
        assertThat(Quantity.parse("1k")).isEqualTo(Quantity.parse("1000")).hasSameHashCodeAs(Quantity.parse("1000"));
    }

    @Test
    void exaIsASuffixAndAnExponentIsNot() throws QuantitySyntaxException {
        assertThat(Quantity.parse("2E").value()).isEqualByComparingTo(new BigDecimal("2e18"));
        assertThat(Quantity.parse("2E2").value()).isEqualByComparingTo(new BigDecimal("200"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "1.2.3", "1 Mi", " 1", "1 ", "Mi", "1mi", "1K", "1kb", "1e", "1e+", "1e1.5",
            "--1", "+-1", ".", "1Mii", "0x10", "1,5", "∞", "1e100", "NaN"})
    void refusesWhatIsNotAQuantity(String text) {
        assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(QuantitySyntaxException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void quotesAtMostABoundedPrefixOfLongInput() {
        String longText = "1".repeat(10_000) + "x";
        assertThatThrownBy(() -> Quantity.parse(longText)).isInstanceOf(QuantitySyntaxException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(Quantity.MAX_LENGTH + 80));
    }

    @Test
    void aValueBeyondALongOfThousandthsIsAnArithmeticErrorNotAWrongNumber() throws QuantitySyntaxException {
        Quantity huge = Quantity.parse("9Ei");
        assertThatThrownBy(huge::milliValue).isInstanceOf(ArithmeticException.class);
    }
}
