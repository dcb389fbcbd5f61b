package io.fusionscaler.signal.gpu;

import io.fusionscaler.gpuagent.api.GpuAgentReport;

import java.time.Instant;
import java.util.Objects;

/** What one agent answered in one refresh. */
sealed interface AgentAnswer {

    /** Its report, and when it arrived (by the scaler's clock: the report's age is counted from there). */
    record Report(GpuAgentReport report, Instant receivedAt) implements AgentAnswer {
        public Report {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(receivedAt, "receivedAt");
        }

        /** When its figures were sampled, by the scaler's clock (independent of the agent's clock). */
        Instant sampledAt() {
            return receivedAt.minusMillis(Math.max(0, report.sampleAgeMillis()));
        }
    }

    /** No usable answer; {@code reason} says why (refused, timed out, HTTP status, not JSON, too large). */
    record Failure(String reason) implements AgentAnswer {
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
