package io.fusionscaler.simulator.setup;

import io.fusionscaler.fusion.SignalReading;
import io.fusionscaler.simulator.workload.WorkloadView;

import java.time.Instant;

/** fusion-scaler's Kafka signal for one trigger: one refresh's reading of the simulated topic. */
interface LagSignal {

    SignalReading read(WorkloadView view, Instant at);
}
