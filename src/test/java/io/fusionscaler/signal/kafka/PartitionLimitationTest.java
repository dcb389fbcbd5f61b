package io.fusionscaler.signal.kafka;

import io.fusionscaler.signal.InvalidMetadataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLimitationTest {

    private static PartitionLimitation parse(String text) throws InvalidMetadataException {
        return PartitionLimitation.parse("partitionLimitation", text);
    }

    private static List<Integer> included(PartitionLimitation limitation, int upTo) {
        return IntStream.rangeClosed(0, upTo).filter(limitation::includes).boxed().toList();
    }

    @Test
    void listSelectsThoseOfPartitionsOneToSix() throws Exception {
        assertThat(included(parse("1,2,3"), 6)).containsExactly(1, 2, 3);
    }

    @Test
    void rangeIncludesBothEnds() throws Exception {
        assertThat(included(parse("1-4"), 10)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void rangesAndSinglePartitionsMix() throws Exception {
        assertThat(included(parse("1-4,8,10-12"), 20)).containsExactly(1, 2, 3, 4, 8, 10, 11, 12);
    }

    @Test
    void spacesAroundNumbersAreTolerated() throws Exception {
        assertThat(included(parse(" 1 - 4 "), 10)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void rangeOfOnePartitionIsThatPartition() throws Exception {
        assertThat(included(parse("3-3"), 10)).containsExactly(3);
    }

    @Test
    void equalSetsAreEqualLimitations() throws Exception {
        assertThat(parse("1,2,3,4,8")).isEqualTo(parse("8, 1-4"));
        assertThat(parse("1,2,3,4,8")).hasToString("1-4,8");
    }

    @Test
    void wideRangeCostsNothing() throws Exception {
        PartitionLimitation limitation = parse("0-2000000000");
        assertThat(limitation.ranges()).hasSize(1);
        assertThat(limitation.includes(1_999_999_999)).isTrue();
    }

    @Test
    void noLimitationIncludesEveryPartition() {
        assertThat(PartitionLimitation.ALL.includes(12345)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b", "1-2-3", "a-3", "1-b", "1,,2", "-1", "1.5", "99999999999"})
    void malformedTextIsInvalidNamingTheKey(String text) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(InvalidMetadataException.class)
                .hasMessageStartingWith("metadata key 'partitionLimitation'");
    }

    @Test
    void reversedRangeIsInvalidRatherThanEmpty() {
        assertThatThrownBy(() -> parse("4-1")).isInstanceOf(InvalidMetadataException.class)
                .hasMessageContaining("ends before it starts");
    }
}
