package io.fusionscaler.gpuagent.nvml;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.fusionscaler.gpuagent.nvml.NvmlAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** The JNA binding against the fake libnvidia-ml.so.1: symbols, struct layouts, return codes by name. */
class JnaNvmlTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private FakeNvmlLibrary fake;
    private NvmlApi nvml;

    @BeforeEach
    void load() {
        fake = FakeNvmlLibrary.copyInto(dir);
        nvml = fake.load();
    }

    @Test
    void readsDriverDevicesUtilizationAndMemoryOfAHealthyNode() {
        fake.control().fake_nvml_set_utilization(1, 37, 12);
        fake.control().fake_nvml_set_memory(1, 80 * GIB, 3 * GIB, GIB / 2);

        assertThat(nvml.init()).isEqualTo(NvmlReturn.SUCCESS);
        assertThat(nvml.driverVersion()).isEqualTo(NvmlResult.ok("550.54.15"));
        assertThat(nvml.deviceCount()).isEqualTo(NvmlResult.ok(2));
        DeviceHandle gpu = ok(nvml.deviceHandle(1));
        assertThat(nvml.uuid(gpu)).isEqualTo(NvmlResult.ok(FakeNvmlLibrary.gpuUuid(1)));
        assertThat(nvml.name(gpu)).isEqualTo(NvmlResult.ok("Fake GPU 80GB"));
        assertThat(nvml.migEnabled(gpu)).isEqualTo(NvmlResult.ok(false));
        assertThat(nvml.utilization(gpu)).isEqualTo(NvmlResult.ok(new Utilization(37, 12)));
        // nvmlMemory_v2_t: version 0x02000028 (else the fake answers ARGUMENT_VERSION_MISMATCH), then total,
        // reserved, free, used at offsets 8, 16, 24, 32; used excludes the reserved part.
        assertThat(nvml.memory(gpu)).isEqualTo(NvmlResult.ok(new MemoryInfo(80 * GIB, 3 * GIB, 80 * GIB - 3 * GIB - GIB / 2)));
        assertThat(fake.control().fake_nvml_calls("nvmlDeviceGetMemoryInfo")).isZero();

        assertThat(nvml.shutdown()).isEqualTo(NvmlReturn.SUCCESS);
        assertThat(fake.control().fake_nvml_init_count()).isZero();
    }

    @Test
    void memoryVersionIsNvmlMemoryV2() {
        assertThat(JnaNvml.MEMORY_V2_VERSION).isEqualTo(0x02000028);
    }

    @Test
    void fallsBackToMemoryInfoV1WhenTheDriverLacksV2AndStopsAskingForV2() {
        FakeNvmlLibrary old = FakeNvmlLibrary.copyWithoutMemoryV2Into(dir.resolve("old"));
        NvmlApi oldNvml = old.load();
        old.control().fake_nvml_set_memory(0, 16 * GIB, 2 * GIB, GIB);
        oldNvml.init();
        DeviceHandle gpu = ok(oldNvml.deviceHandle(0));

        // nvmlMemory_t: total, free, used; its used includes the reserved part
        assertThat(oldNvml.memory(gpu)).isEqualTo(NvmlResult.ok(new MemoryInfo(16 * GIB, 3 * GIB, 13 * GIB)));
        assertThat(oldNvml.memory(gpu)).isEqualTo(NvmlResult.ok(new MemoryInfo(16 * GIB, 3 * GIB, 13 * GIB)));
        assertThat(old.control().fake_nvml_calls("nvmlDeviceGetMemoryInfo")).isEqualTo(2);
        oldNvml.shutdown();
    }

    @Test
    void callsBeforeInitAreUninitialized() {
        assertThat(nvml.deviceCount()).isEqualTo(NvmlResult.failed(NvmlReturn.UNINITIALIZED, "nvmlDeviceGetCount_v2", "Uninitialized"));
        assertThat(nvml.shutdown()).isEqualTo(NvmlReturn.UNINITIALIZED);
    }

    @Test
    void failuresCarryTheirCodeByNameTheFunctionAndNvmlsText() {
        fake.control().fake_nvml_set_return("nvmlDeviceGetUtilizationRates", 1, NvmlReturn.GPU_IS_LOST.code());
        fake.control().fake_nvml_set_return("nvmlDeviceGetMemoryInfo_v2", 0, NvmlReturn.NO_PERMISSION.code());
        nvml.init();

        assertThat(nvml.utilization(ok(nvml.deviceHandle(1))))
                .isEqualTo(NvmlResult.failed(NvmlReturn.GPU_IS_LOST, "nvmlDeviceGetUtilizationRates", "GPU is lost"));
        assertThat(nvml.utilization(ok(nvml.deviceHandle(0)))).isEqualTo(NvmlResult.ok(new Utilization(0, 0)));
        assertThat(nvml.memory(ok(nvml.deviceHandle(0))))
                .isEqualTo(NvmlResult.failed(NvmlReturn.NO_PERMISSION, "nvmlDeviceGetMemoryInfo_v2", "Insufficient Permissions"));
        nvml.shutdown();
    }

    @Test
    void initFailsWithTheDriversCode() {
        fake.control().fake_nvml_set_return("nvmlInit_v2", -1, NvmlReturn.LIB_RM_VERSION_MISMATCH.code());

        assertThat(nvml.init()).isEqualTo(NvmlReturn.LIB_RM_VERSION_MISMATCH);
        assertThat(fake.control().fake_nvml_init_count()).isZero();
    }

    @Test
    void aCodeNewerThanOurListIsUnknownAndKeepsItsNumber() {
        fake.control().fake_nvml_set_return("nvmlDeviceGetCount_v2", -1, 42);
        nvml.init();

        NvmlResult<Integer> count = nvml.deviceCount();

        assertThat(count).isInstanceOfSatisfying(NvmlResult.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo(NvmlReturn.UNKNOWN);
            assertThat(failed.detail()).startsWith("code 42: ");
        });
        nvml.shutdown();
    }

    @Test
    void migEnabledGpuHasMigDevicesWithTheirOwnUuidsAndMemoryButNoUtilization() {
        fake.control().fake_nvml_set_mig(0, 1, 2);
        nvml.init();
        DeviceHandle gpu = ok(nvml.deviceHandle(0));

        assertThat(nvml.migEnabled(gpu)).isEqualTo(NvmlResult.ok(true));
        assertThat(nvml.utilization(gpu)).isInstanceOfSatisfying(NvmlResult.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(NvmlReturn.NOT_SUPPORTED));
        assertThat(nvml.maxMigDevices(gpu)).isEqualTo(NvmlResult.ok(7));
        DeviceHandle mig = ok(nvml.migDevice(gpu, 1));
        assertThat(nvml.uuid(mig)).isEqualTo(NvmlResult.ok(FakeNvmlLibrary.migUuid(0, 1)));
        assertThat(nvml.memory(mig)).isEqualTo(NvmlResult.ok(new MemoryInfo(40 * GIB, GIB / 2, 40 * GIB - GIB / 2 - GIB / 4)));
        assertThat(nvml.migDevice(gpu, 2)).isInstanceOfSatisfying(NvmlResult.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(NvmlReturn.NOT_FOUND));
        nvml.shutdown();
    }

    @Test
    void aMissingLibraryIsLibraryNotFound() {
        NvmlResult<NvmlApi> loaded = NvmlLoader.load(dir.resolve("none").resolve(FakeNvmlLibrary.FILE_NAME).toString(), List.of(), Optional.empty());

        assertThat(loaded).isInstanceOfSatisfying(NvmlResult.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(NvmlReturn.LIBRARY_NOT_FOUND));
    }

    @Test
    void theLibraryIsFoundByItsSonameInTheSearchPathBeforeTheSystemPaths() throws Exception {
        Path searched = Files.createDirectories(dir.resolve("searched"));
        FakeNvmlLibrary inSearchPath = FakeNvmlLibrary.copyInto(searched);
        inSearchPath.control().fake_nvml_set_driver_version("999.1");

        NvmlApi byName = ok(NvmlLoader.load("libnvidia-ml.so.1", List.of(searched.toString()), Optional.empty()));

        assertThat(byName.init()).isEqualTo(NvmlReturn.SUCCESS);
        assertThat(byName.driverVersion()).isEqualTo(NvmlResult.ok("999.1"));
        byName.shutdown();
    }
}
