package io.fusionscaler.testing;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the table of {@code kafka-consumer-groups --describe}, the reference the broker tests compare lag with. */
class ConsumerGroupsToolTest {

    @Test
    void readsTheLagColumnAndLeavesOutPartitionsWithoutACommit() {
        String output = String.join("\n",
                "",
                "Consumer group 'lag-ref' has no active members.",
                "",
                "GROUP     TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID  HOST        CLIENT-ID",
                "lag-ref   orders  0          4               10              6    -            -           -",
                "lag-ref   orders  1          7               7               0    -            -           -",
                "lag-ref   orders  2          -               5               -    rdkafka-1    /127.0.0.1  rdkafka",
                "");

        ConsumerGroupsTool.GroupLag lag = ConsumerGroupsTool.parse("lag-ref", output);

        assertThat(lag.lagByPartition())
                .isEqualTo(Map.of(new TopicPartition("orders", 0), 6L, new TopicPartition("orders", 1), 0L));
        assertThat(lag.totalLag()).isEqualTo(6);
    }

    @Test
    void outputWithoutATableIsAnError() {
        assertThatThrownBy(() -> ConsumerGroupsTool.parse("g", "Error: Consumer group 'g' does not exist."))
                .isInstanceOf(IllegalStateException.class);
    }
}
