package io.fusionscaler.signal.kafka;

import io.fusionscaler.testing.KedaLikeClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An accepted trigger whose brokers never resolve fails every refresh: the log says so once per change of state,
 * not once per refresh (before, the Kafka client repeated the whole bootstrap list in a warning every second).
 */
@QuarkusTest
class RepeatedFailureLogWiringTest {

    private static final int REFRESHES = 4;

    @Inject
    MeterRegistry registry;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final PatternFormatter message = new PatternFormatter("%s");

        @Override
        public void publish(LogRecord record) {
            logged.add(message.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aFailureRepeatedOnEveryRefreshIsLoggedOnce() throws Exception {
        String label = "unresolvable-" + UUID.randomUUID();
        String host = String.join(".", label, "a".repeat(60), "b".repeat(60), "c".repeat(60), "invalid");
        String servers = host + ":9092";
        try (KedaLikeClient keda = KedaLikeClient.forTestServer().connected()) {
            keda.hpaStub().getMetricSpec(keda.ref("team-a", "never-resolves", Map.of("bootstrapServers", servers,
                    "consumerGroup", "g", "topic", "orders")));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> refreshErrors(servers) >= REFRESHES);

        assertThat(logged.stream().filter(line -> line != null && line.contains(label)))
                .as("log lines naming the brokers after %s failed refreshes", REFRESHES).hasSizeLessThanOrEqualTo(1);
    }

    private double refreshErrors(String servers) {
        Counter counter = registry.find("fusion.source.refresh.errors").tags("signal", "kafka", "lane", "bootstrap:" + servers).counter();
        return counter == null ? 0 : counter.count();
    }
}
