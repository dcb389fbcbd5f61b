package io.fusionscaler.keda;

import io.fusionscaler.testing.ScriptedSignal;
import io.fusionscaler.testing.SignalDriver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The KEDA contract in-process, with the scripted signal: every state at once, no broker. */
@QuarkusTest
class ExternalScalerContractTest extends ExternalScalerContract {

    @Inject
    ScriptedSignal signal;

    @Override
    protected SignalDriver driver() {
        return signal;
    }
}
