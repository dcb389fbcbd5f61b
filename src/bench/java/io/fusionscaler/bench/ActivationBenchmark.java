package io.fusionscaler.bench;

import io.fusionscaler.keda.proto.ScaledObjectRef;
import io.fusionscaler.testing.KafkaTestData;
import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.KedaLikeClient.ActivityStreamCall;
import io.fusionscaler.testing.ScalerProcess;
import io.fusionscaler.testing.broker.KafkaBroker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Part 2: activation latency. Each round: a new topic and an idle group committed at the log end, a StreamIsActive
 * open on the scaler (whose first message says {@code false}), then one record produced; measured from the broker's
 * acknowledgement of the record until the stream delivers {@code true}, and from the start of the produce call, with
 * the produce call's own time shown apart. A random pause before producing spreads the record's arrival over the
 * scaler's refresh cycle. One warm-up round first (the producer's first call connects and fetches metadata).
 */
final class ActivationBenchmark {

    /** The scaler's default fusion.kafka.refresh-interval. */
    private static final long REFRESH_INTERVAL_MILLIS = 1_000;
    private static final long WAIT_SECONDS = 30;

    private final BenchConfig config;
    private final Report report;
    private final KafkaBroker broker;
    private final ScalerProcess scaler;

    ActivationBenchmark(BenchConfig config, Report report, KafkaBroker broker, ScalerProcess scaler) {
        this.config = config;
        this.report = report;
        this.broker = broker;
        this.scaler = scaler;
    }

    void run() throws Exception {
        report.line("2. Activation latency: idle group committed at the log end, StreamIsActive open (first message"
                + " false), one record produced; time from the start of the produce call to 'true' on the stream."
                + " %d rounds, scaler refresh interval %d ms, scaler options: %s", config.activationRounds(),
                REFRESH_INTERVAL_MILLIS, config.scalerJvmArgs().isEmpty() ? "defaults" : String.join(" ", config.scalerJvmArgs()));
        Random random = new Random(42);
        List<Long> latencies = new ArrayList<>();
        List<Long> fromCalls = new ArrayList<>();
        List<Long> produceAcks = new ArrayList<>();
        try (KafkaTestData data = KafkaTestData.forBroker(broker);
             KedaLikeClient keda = new KedaLikeClient("127.0.0.1", scaler.grpcPort())) {
            for (int round = -1; round < config.activationRounds(); round++) {
                String topic = KafkaTestData.uniqueTopic("bench-activation");
                String group = KafkaTestData.uniqueGroup("bench-activation");
                data.createTopic(topic, 1);
                data.commitOffset(group, topic, 0, 0); // at the log end of an empty partition: lag 0, inactive
                ScaledObjectRef ref = keda.ref("bench", "activation-" + round, Map.of("bootstrapServers",
                        broker.bootstrapServers(), "consumerGroup", group, "topic", topic, "lagThreshold", "10"));
                keda.pollStub().getMetricSpec(ref);
                ActivityStreamCall stream = keda.streamIsActive(ref);
                try {
                    Boolean first = stream.next(WAIT_SECONDS, TimeUnit.SECONDS);
                    if (!Boolean.FALSE.equals(first)) {
                        throw new IllegalStateException("round " + round + ": expected the stream's first message to be"
                                + " false within " + WAIT_SECONDS + " s, got " + first);
                    }
                    Thread.sleep(random.nextInt((int) REFRESH_INTERVAL_MILLIS));
                    long sent = System.nanoTime();
                    data.produce(topic, 0, 1);
                    long acked = System.nanoTime();
                    Boolean next = stream.next(WAIT_SECONDS, TimeUnit.SECONDS);
                    long received = System.nanoTime();
                    if (!Boolean.TRUE.equals(next)) {
                        throw new IllegalStateException("round " + round + ": expected 'true' within " + WAIT_SECONDS
                                + " s of producing, got " + next);
                    }
                    if (round >= 0) {
                        latencies.add(received - acked);
                        fromCalls.add(received - sent);
                        produceAcks.add(acked - sent);
                    }
                    Report.progress("activation round %d: %.0f ms", round + 1, (received - acked) / 1e6);
                } finally {
                    stream.cancel();
                }
            }
        }
        if (latencies.isEmpty()) {
            return;
        }
        long[] sorted = sorted(latencies);
        report.line("   activation latency ms, from the broker's acknowledgement: %s (mean %.0f); all rounds: %s", spread(sorted),
                Arrays.stream(sorted).average().orElse(Double.NaN) / 1e6,
                latencies.stream().map(l -> Stats.f("%.0f", l / 1e6)).toList());
        report.line("   from the start of the produce call: %s", spread(sorted(fromCalls)));
        report.line("   the produce call alone (until the broker acknowledged): %s", spread(sorted(produceAcks)));
    }

    private static long[] sorted(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static String spread(long[] sortedNanos) {
        return Stats.f("min %.1f, p50 %.1f, p95 %.1f, p99 %.1f, max %.1f", sortedNanos[0] / 1e6,
                Stats.percentile(sortedNanos, 0.5) / 1e6, Stats.percentile(sortedNanos, 0.95) / 1e6,
                Stats.percentile(sortedNanos, 0.99) / 1e6, sortedNanos[sortedNanos.length - 1] / 1e6);
    }
}
