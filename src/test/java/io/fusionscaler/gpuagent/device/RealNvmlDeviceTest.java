package io.fusionscaler.gpuagent.device;

import io.fusionscaler.gpuagent.nvml.DeviceHandle;
import io.fusionscaler.gpuagent.nvml.MemoryInfo;
import io.fusionscaler.gpuagent.nvml.NvmlApi;
import io.fusionscaler.gpuagent.nvml.NvmlLoader;
import io.fusionscaler.gpuagent.nvml.NvmlResult;
import io.fusionscaler.gpuagent.nvml.NvmlReturn;
import io.fusionscaler.gpuagent.nvml.Utilization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.util.List;
import java.util.Optional;

import static io.fusionscaler.gpuagent.nvml.NvmlAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JNA binding against the node's real {@code libnvidia-ml.so.1}, loaded as the agent loads it, held against
 * {@code nvidia-smi}. Runs only where a driver is installed (src/test/device/README.md); elsewhere the fake library's
 * tests ({@code JnaNvmlTest}) stand in for it.
 */
@EnabledIf("io.fusionscaler.gpuagent.device.NvidiaSmi#present")
class RealNvmlDeviceTest {

    private static final long MIB = 1L << 20;

    private NvmlApi nvml;

    @BeforeEach
    void load() {
        nvml = ok(NvmlLoader.load("libnvidia-ml.so.1", List.of(), Optional.empty()));
        assertThat(nvml.init()).isEqualTo(NvmlReturn.SUCCESS);
    }

    @AfterEach
    void shutdown() {
        nvml.shutdown();
    }

    @Test
    void readsTheDriverAndEachGpusUuidNameAndMemoryAsNvidiaSmiShowsThem() {
        List<NvidiaSmi.Gpu> smi = NvidiaSmi.gpus();
        assertThat(ok(nvml.deviceCount())).isEqualTo(smi.size());
        for (NvidiaSmi.Gpu expected : smi) {
            assertThat(ok(nvml.driverVersion())).isEqualTo(expected.driverVersion());
            DeviceHandle gpu = ok(nvml.deviceHandle(expected.index()));
            assertThat(ok(nvml.uuid(gpu))).isEqualTo(expected.uuid());
            assertThat(ok(nvml.name(gpu))).isEqualTo(expected.name());
            MemoryInfo memory = ok(nvml.memory(gpu));
            long reserved = memory.totalBytes() - memory.usedBytes() - memory.freeBytes();
            System.out.printf("GPU %d %s %s: ours total %d MiB, used %d MiB, free %d MiB, reserved %d MiB;"
                            + " nvidia-smi total %d MiB, used %d MiB, free %d MiB%n", expected.index(), expected.uuid(),
                    expected.name(), memory.totalBytes() / MIB, memory.usedBytes() / MIB, memory.freeBytes() / MIB,
                    reserved / MIB, expected.totalMiB(), expected.usedMiB(), expected.freeMiB());
            assertThat(memory.totalBytes() / MIB).isEqualTo(expected.totalMiB());
            // nvmlMemory_v2_t: the driver's reserved part is neither used nor free, and small
            assertThat(reserved).isBetween(0L, memory.totalBytes() / 50);
            // used and free move while programs allocate: within 1 % of the device
            assertThat(Math.abs(memory.usedBytes() / MIB - expected.usedMiB())).isLessThanOrEqualTo(expected.totalMiB() / 100);
            assertThat(Math.abs(memory.freeBytes() / MIB - expected.freeMiB())).isLessThanOrEqualTo(expected.totalMiB() / 100);
        }
    }

    @Test
    void utilizationAgreesWithNvidiaSmiAndWithTheLoadTheScriptRuns() {
        for (NvidiaSmi.Gpu expected : NvidiaSmi.gpus()) {
            DeviceHandle gpu = ok(nvml.deviceHandle(expected.index()));
            if (ok(nvml.migEnabled(gpu))) {
                assertThat(nvml.utilization(gpu)).isInstanceOf(NvmlResult.Failed.class);
                continue;
            }
            Utilization utilization = ok(nvml.utilization(gpu));
            int smiPercent = NvidiaSmi.gpus().get(expected.index()).utilizationPercent().orElseThrow();
            System.out.printf("GPU %d: ours gpu %d %% memory %d %%; nvidia-smi %d %% (load: %s)%n", expected.index(),
                    utilization.gpuPercent(), utilization.memoryPercent(), smiPercent,
                    GpuLoad.current().map(Enum::name).orElse("unstated"));
            assertThat(utilization.gpuPercent()).isBetween(0, 100);
            assertThat(utilization.memoryPercent()).isBetween(0, 100);
            GpuLoad.current().ifPresent(load -> {
                assertThat(load.fits(utilization.gpuPercent())).as("ours %d %% while %s", utilization.gpuPercent(), load).isTrue();
                assertThat(load.fits(smiPercent)).as("nvidia-smi %d %% while %s", smiPercent, load).isTrue();
            });
        }
    }

    @Test
    void migModeIsReadOrNotSupportedAndMigDevicesAreListedWhenOn() {
        for (int index = 0; index < ok(nvml.deviceCount()); index++) {
            DeviceHandle gpu = ok(nvml.deviceHandle(index));
            NvmlResult<Boolean> mig = nvml.migEnabled(gpu);
            System.out.printf("GPU %d: MIG %s, max MIG devices %s%n", index, mig, nvml.maxMigDevices(gpu));
            if (mig instanceof NvmlResult.Failed<Boolean> failed) {
                assertThat(failed.code()).isEqualTo(NvmlReturn.NOT_SUPPORTED);
            } else if (ok(mig)) {
                assertThat(ok(nvml.maxMigDevices(gpu))).isPositive();
            }
        }
    }

    @Test
    void anIndexPastTheLastGpuIsAnInvalidArgumentNotACrash() {
        int count = ok(nvml.deviceCount());
        assertThat(nvml.deviceHandle(count)).isInstanceOfSatisfying(NvmlResult.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(NvmlReturn.INVALID_ARGUMENT));
    }

    @Test
    void initIsCountedSoTheLastShutdownEndsTheSession() {
        assertThat(nvml.init()).isEqualTo(NvmlReturn.SUCCESS);
        assertThat(nvml.shutdown()).isEqualTo(NvmlReturn.SUCCESS);
        assertThat(nvml.deviceCount()).isInstanceOf(NvmlResult.Ok.class);

        assertThat(nvml.shutdown()).isEqualTo(NvmlReturn.SUCCESS);
        assertThat(nvml.deviceCount()).isInstanceOfSatisfying(NvmlResult.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(NvmlReturn.UNINITIALIZED));
        assertThat(nvml.init()).isEqualTo(NvmlReturn.SUCCESS);
    }
}
