package io.fusionscaler.simulator.workload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The workload model: group rate, pod start, FIFO waits, CPU. */
class WorkloadTest {

    private static final WorkloadSettings TWELVE_PARTITIONS = new WorkloadSettings(12, 30, 20);

    @Test
    void theBusiestConsumerSetsTheGroupsRate() {
        assertThat(TWELVE_PARTITIONS.groupRate(0)).isZero();
        assertThat(TWELVE_PARTITIONS.groupRate(4)).as("3 partitions each").isEqualTo(120);
        assertThat(TWELVE_PARTITIONS.groupRate(5)).as("one consumer holds 3 of 12: like 4 consumers").isEqualTo(120);
        assertThat(TWELVE_PARTITIONS.groupRate(6)).isEqualTo(180);
        assertThat(TWELVE_PARTITIONS.groupRate(20)).as("beyond the partitions replicas idle").isEqualTo(360);
    }

    @Test
    void aNewReplicaConsumesOnlyAfterItsStartTime() {
        Workload workload = new Workload(TWELVE_PARTITIONS);
        workload.produce(0, 1000);
        workload.scaleTo(1);
        for (long second = 0; second < 20; second++) {
            workload.produce(second, 0);
            assertThat(workload.readyReplicas()).isZero();
            workload.consume();
        }
        assertThat(workload.backlog()).isEqualTo(1000);
        workload.produce(20, 0);
        workload.consume();
        assertThat(workload.readyReplicas()).isEqualTo(1);
        assertThat(workload.backlog()).isEqualTo(970);
    }

    @Test
    void messagesWaitInProductionOrder() {
        Workload workload = new Workload(new WorkloadSettings(1, 10, 0));
        workload.scaleTo(1);
        for (long second = 0; second < 10; second++) {
            workload.produce(second, second == 0 ? 50 : 0);
            workload.consume();
        }
        WaitingTimes waits = workload.waits();
        assertThat(waits.messages()).isEqualTo(50);
        assertThat(waits.percentile(0.5)).isEqualTo(2);
        assertThat(waits.max()).isEqualTo(4);
    }

    @Test
    void fractionalRatesCarryOverWhileThereIsABacklog() {
        Workload workload = new Workload(new WorkloadSettings(1, 2.5, 0));
        workload.scaleTo(1);
        workload.produce(0, 100);
        workload.consume();
        workload.produce(1, 0);
        workload.consume();
        assertThat(workload.consumed()).isEqualTo(5);
    }

    @Test
    void cpuIsTheBusyShareOfTheReadyReplicasOverTheWindow() {
        Workload workload = new Workload(new WorkloadSettings(12, 30, 0));
        assertThat(workload.cpuUtilization()).as("no pod yet").isEmpty();
        workload.scaleTo(2);
        for (long second = 0; second < Workload.CPU_WINDOW_SECONDS; second++) {
            workload.produce(second, 30);
            workload.consume();
        }
        assertThat(workload.cpuUtilization().orElseThrow()).isCloseTo(0.5, within(1e-9));
    }
}
