package io.fusionscaler.keda;

import io.fusionscaler.testing.KedaLikeClient;
import io.fusionscaler.testing.ScriptedSignal;
import io.fusionscaler.testing.SignalDriver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KEDA contract in-process, with the scripted signal: every state at once, no broker. Plus what only a signal of a
 * scaled target can do (none of the packaged build's signals yet): be absent.
 */
@QuarkusTest
class ExternalScalerContractWiringTest extends ExternalScalerContract {

    @Inject
    ScriptedSignal signal;

    @Override
    protected SignalDriver driver() {
        return signal;
    }

    @Test
    void anAbsentSignalIsZeroReplicasAndInactiveNotAnErrorThatWouldTriggerKedasFallback() {
        signal.absent(id(), "target team-a/module has 0 replicas");

        KedaLikeClient.Poll poll = keda().poll(ref());

        assertThat(poll.metrics().getMetricValuesList()).singleElement().satisfies(v -> {
            assertThat(v.getMetricValue()).isZero();
            assertThat(v.getMetricValueFloat()).isZero();
        });
        assertThat(poll.active()).isFalse();
        assertThat(keda().pollStub().isActive(ref()).getResult()).isFalse();
    }
}
