package io.fusionscaler.gpuagent.device;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The device tier's reference reading: nvidia-smi's CSV rows as the H200 of the last device run printed them. */
class NvidiaSmiTest {

    @Test
    void readsARowOfTheQuery() {
        assertThat(NvidiaSmi.parse("0, GPU-a8aa677b-36cc-d9ad-4d4c-1acddb6a4b55, NVIDIA H200, 580.159.04, 143771, 4979, 138178, 100"))
                .isEqualTo(new NvidiaSmi.Gpu(0, "GPU-a8aa677b-36cc-d9ad-4d4c-1acddb6a4b55", "NVIDIA H200", "580.159.04",
                        143771, 4979, 138178, Optional.of(100)));
    }

    @Test
    void utilizationNotAvailableUnderMigIsEmpty() {
        assertThat(NvidiaSmi.parse("1, GPU-1, NVIDIA H200, 580.159.04, 143771, 0, 143156, [N/A]").utilizationPercent()).isEmpty();
    }

    @Test
    void aRowOfAnotherShapeIsRefusedWithTheRow() {
        assertThatThrownBy(() -> NvidiaSmi.parse("No devices were found"))
                .hasMessageContaining("No devices were found");
    }
}
