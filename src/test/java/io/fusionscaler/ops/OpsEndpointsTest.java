package io.fusionscaler.ops;

import io.fusionscaler.testing.ScriptedSignal;
import io.fusionscaler.testing.SignalDriver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The ops endpoints in-process, with the scripted signal. */
@QuarkusTest
class OpsEndpointsTest extends OpsEndpointsContract {

    @Inject
    ScriptedSignal signal;

    @Override
    protected SignalDriver driver() {
        return signal;
    }
}
