package io.fusionscaler.signal.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** bootstrapServers as Kafka and DNS take it: host names (RFC 1123), IPv4, bracketed IPv6, ports 1-65535, few entries. */
class BootstrapServersTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"kafka:9092", "kafka-0.kafka-headless.data.svc.cluster.local:9092", "my_broker:9092",
            "b-1.mycluster.abc123.c2.kafka.us-east-1.amazonaws.com:9094", "localhost.:9092", "10.0.0.1:9092",
            "0.0.0.0:1", "[::1]:9092", "[::]:9092", "[2001:db8::1]:9093", "[2001:db8:0:0:0:0:0:1]:9093",
            "[fe80::1%eth0]:9092", "[::ffff:10.0.0.1]:9092", "a:1,b:65535", " a:1 , b:2 ", "a:09092", "xn--bcher-kva.example:9092"})
    void listsKafkaCanUseAreAccepted(String servers) {
        assertThat(BootstrapServers.problem(servers)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "a b:9092|not a host name",
            "localhost|no host:port",
            ":9092|no host:port",
            "a:|port",
            "a:0|port",
            "a:65536|port",
            "a:123456|port",
            "a:９０９２|port",
            "a:-1|port",
            "ａ:9092|not a host name",
            "ك:9092|not a host name",
            "-a:9092|not a host name",
            "a-:9092|not a host name",
            "a..b:9092|not a host name",
            ".a:9092|not a host name",
            "a/b:9092|not a host name",
            "a%b:9092|not a host name",
            "1.2.3.256:9092|not an IPv4 address",
            "1.2.3:9092|not an IPv4 address",
            "123:9092|not an IPv4 address",
            "host.123:9092|not an IPv4 address",
            "::1:9092|needs brackets",
            "[::1::2]:9092|not an IPv6 address",
            "[1:2:3:4:5:6:7:8:9]:9092|not an IPv6 address",
            "[1:2:3:4:5:6:7]:9092|not an IPv6 address",
            "[1:2:3:4:5:6:7::8]:9092|not an IPv6 address",
            "[zz::1]:9092|not an IPv6 address",
            "[12345::1]:9092|not an IPv6 address",
            "[::1%]:9092|not an IPv6 address",
            "[10.0.0.1]:9092|not an IPv6 address",
            "a:1,,b:2|no host:port",
            "a:1,|no host:port"})
    void everythingElseIsRefusedSayingWhy(String servers, String why) {
        assertThat(BootstrapServers.problem(servers)).hasValueSatisfying(problem ->
                assertThat(problem).contains("host:port").contains(why));
    }

    @Test
    void controlCharactersAreNeverTrimmedAway() {
        assertThat(BootstrapServers.problem("a:9092\u0000")).hasValueSatisfying(p -> assertThat(p).contains("port"));
        assertThat(BootstrapServers.problem("a\u0001:9092")).hasValueSatisfying(p -> assertThat(p).contains("not a host name"));
    }

    @Test
    void labelsHaveAtMost63AndNamesAtMost253Characters() {
        String label63 = "a".repeat(63);
        assertThat(BootstrapServers.problem(label63 + ":9092")).isEmpty();
        assertThat(BootstrapServers.problem("a".repeat(64) + ":9092")).isPresent();
        String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(BootstrapServers.problem(name253 + ":9092")).isEmpty();
        assertThat(BootstrapServers.problem(name253 + "a:9092")).hasValueSatisfying(p -> assertThat(p).contains("253"));
    }

    @Test
    void aListHasAtMost32Entries() {
        String entries = IntStream.range(0, BootstrapServers.MAX_ENTRIES).mapToObj(i -> "b" + i + ":9092").collect(Collectors.joining(","));
        assertThat(BootstrapServers.problem(entries)).isEmpty();
        assertThat(BootstrapServers.problem(entries + ",one-more:9092")).hasValueSatisfying(p -> assertThat(p).contains("at most 32"));
    }

    @Test
    void aHugeEntryIsQuotedShort() {
        assertThat(BootstrapServers.problem("a".repeat(100_000) + ":9092"))
                .hasValueSatisfying(p -> assertThat(p).hasSizeLessThan(300).contains("(100005 chars)"));
    }

    @Test
    void aHugeBootstrapListMakesAShortDisplayName() {
        KafkaClusterRef cluster = new KafkaClusterRef.Bootstrap("a".repeat(100_000) + ":9092");

        assertThat(cluster.displayName()).hasSizeLessThan(100);
        assertThat(new KafkaClusterRef.Bootstrap("kafka:9092").displayName()).isEqualTo("bootstrap kafka:9092");
    }
}
