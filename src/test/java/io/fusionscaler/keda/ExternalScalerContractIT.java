package io.fusionscaler.keda;

import io.fusionscaler.testing.KafkaBrokerResource;
import io.fusionscaler.testing.KafkaSignalDriver;
import io.fusionscaler.testing.SignalDriver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/**
 * The KEDA contract against the packaged scaler (the fast-jar, or the native runner with {@code -Dnative}), driven by
 * a real Kafka trigger on the shared test broker: the scripted signal is a bean a packaged build does not contain.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaBrokerResource.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExternalScalerContractIT extends ExternalScalerContract {

    @AutoClose
    private final KafkaSignalDriver kafka = new KafkaSignalDriver(KafkaBrokerResource.bootstrapServers());

    @Override
    protected SignalDriver driver() {
        return kafka;
    }
}
