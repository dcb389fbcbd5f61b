package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.GpuError;
import io.fusionscaler.gpuagent.nvml.FakeNvmlControl;
import io.fusionscaler.gpuagent.nvml.FakeNvmlLibrary;
import io.fusionscaler.gpuagent.nvml.NvmlLoader;
import io.fusionscaler.gpuagent.nvml.NvmlResult;
import io.fusionscaler.gpuagent.nvml.NvmlReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fusionscaler.gpuagent.nvml.FakeNvmlLibrary.gpuUuid;
import static io.fusionscaler.gpuagent.nvml.FakeNvmlLibrary.migUuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sampler's handling of NVML's failures, scenario by scenario, against the fake libnvidia-ml.so.1 through JNA.
 * Time is passed in: backoff is 1 s doubling to 1 min.
 */
class NvmlSamplerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private FakeNvmlLibrary fake;
    private FakeNvmlControl control;
    private NvmlSampler sampler;

    private NvmlSampler samplerOf(Path library) {
        sampler = new NvmlSampler(() -> NvmlLoader.load(library.toString(), List.of(), Optional.empty()),
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)));
        return sampler;
    }

    private void withFake() {
        fake = FakeNvmlLibrary.copyInto(dir);
        control = fake.control();
        samplerOf(fake.path());
    }

    @AfterEach
    void close() {
        if (sampler != null) {
            sampler.close();
        }
        if (control != null) {
            assertThat(control.fake_nvml_init_count()).as("every nvmlInit_v2 balanced by nvmlShutdown").isZero();
        }
    }

    @Test
    void aHealthyNodeReportsEveryGpuWithUtilizationAsARatioAndMemoryInBytes() {
        withFake();
        control.fake_nvml_set_utilization(0, 37, 5);
        control.fake_nvml_set_utilization(1, 80, 9);
        control.fake_nvml_set_memory(1, 80 * GIB, 20 * GIB, GIB);

        NvmlSample sample = sampler.sample(T0);

        assertThat(sample.time()).isEqualTo(T0);
        assertThat(sample.status().available()).isTrue();
        assertThat(sample.status().reason()).isNull();
        assertThat(sample.status().driverVersion()).isEqualTo("550.54.15");
        assertThat(sample.devices()).extracting(GpuDevice::uuid, GpuDevice::index, GpuDevice::utilization, GpuDevice::memoryUsedBytes,
                        GpuDevice::memoryTotalBytes, GpuDevice::errors)
                .containsExactly(tuple(gpuUuid(0), 0, 0.37, GIB, 80 * GIB, List.of()),
                        tuple(gpuUuid(1), 1, 0.8, 20 * GIB, 80 * GIB, List.of()));
        assertThat(sample.failures()).isEmpty();
    }

    @Test
    void aNodeWithoutGpusIsAvailableWithNoDevices() {
        withFake();
        control.fake_nvml_set_device_count(0);

        NvmlSample sample = sampler.sample(T0);

        assertThat(sample.status().available()).isTrue();
        assertThat(sample.devices()).isEmpty();
    }

    @Test
    void aMissingLibraryIsUnavailableWithItsReasonAndIsLookedForAgainWithBackoffUntilItAppears() throws Exception {
        Path library = dir.resolve("driver").resolve(FakeNvmlLibrary.FILE_NAME);
        AtomicInteger loads = new AtomicInteger();
        sampler = new NvmlSampler(() -> {
            loads.incrementAndGet();
            return NvmlLoader.load(library.toString(), List.of(), Optional.empty());
        }, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)));

        NvmlSample missing = sampler.sample(T0);

        assertThat(missing.status().available()).isFalse();
        assertThat(missing.status().reason()).isEqualTo("LIBRARY_NOT_FOUND");
        assertThat(missing.status().message()).contains("no NVIDIA driver on this node");
        assertThat(missing.status().nextRetry()).isEqualTo(T0.plusSeconds(1));
        assertThat(missing.devices()).isEmpty();
        assertThat(missing.failures()).extracting(NvmlResult.Failed::code).containsExactly(NvmlReturn.LIBRARY_NOT_FOUND);
        sampler.sample(T0.plusMillis(500));
        assertThat(loads).as("no retry before the backoff ends").hasValue(1);
        assertThat(sampler.sample(T0.plusSeconds(1)).status().nextRetry()).isEqualTo(T0.plusSeconds(3));

        fake = FakeNvmlLibrary.copyInto(library.getParent());
        control = fake.control();
        NvmlSample found = sampler.sample(T0.plusSeconds(3));

        assertThat(loads).hasValue(3);
        assertThat(found.status().available()).isTrue();
        assertThat(found.status().reason()).isNull();
        assertThat(found.status().reinitializations()).isEqualTo(1);
        assertThat(found.devices()).hasSize(2);
    }

    @Test
    void aVersionMismatchAtInitIsRetriedWithDoublingBackoffAndRecovers() {
        withFake();
        control.fake_nvml_set_return("nvmlInit_v2", -1, NvmlReturn.LIB_RM_VERSION_MISMATCH.code());

        NvmlSample first = sampler.sample(T0);
        NvmlSample second = sampler.sample(T0.plusSeconds(1));
        NvmlSample third = sampler.sample(T0.plusSeconds(3));

        assertThat(first.status().available()).isFalse();
        assertThat(first.status().reason()).isEqualTo("LIB_RM_VERSION_MISMATCH");
        assertThat(first.status().message()).contains("nvmlInit_v2").contains("does not match the loaded kernel driver");
        assertThat(List.of(first, second, third)).extracting(s -> s.status().nextRetry())
                .containsExactly(T0.plusSeconds(1), T0.plusSeconds(3), T0.plusSeconds(7));
        assertThat(control.fake_nvml_calls("nvmlInit_v2")).isEqualTo(3);

        control.fake_nvml_clear_returns();
        NvmlSample recovered = sampler.sample(T0.plusSeconds(7));
        NvmlSample failedAgain = failInitAgain(T0.plusSeconds(8));

        assertThat(recovered.status().available()).isTrue();
        assertThat(recovered.status().reinitializations()).isEqualTo(1);
        assertThat(recovered.devices()).hasSize(2);
        assertThat(failedAgain.status().nextRetry()).as("backoff starts over after a recovery").isEqualTo(T0.plusSeconds(9));
    }

    private NvmlSample failInitAgain(Instant at) {
        control.fake_nvml_set_return("nvmlDeviceGetCount_v2", -1, NvmlReturn.DRIVER_NOT_LOADED.code());
        return sampler.sample(at);
    }

    @Test
    void aGpuLostMidRunIsUnavailableAloneKeepsItsUuidAndNvmlIsInitializedAgainWithBackoffUntilItIsBack() {
        withFake();
        control.fake_nvml_set_utilization(0, 50, 0);
        sampler.sample(T0);

        control.fake_nvml_set_return("*", 1, NvmlReturn.GPU_IS_LOST.code());
        NvmlSample lost = sampler.sample(T0.plusSeconds(1));

        assertThat(lost.status().available()).isTrue();
        assertThat(lost.status().reason()).isEqualTo("GPU_IS_LOST");
        assertThat(lost.status().nextRetry()).isEqualTo(T0.plusSeconds(2));
        assertThat(lost.devices().get(0).utilization()).isEqualTo(0.5);
        GpuDevice gone = lost.devices().get(1);
        assertThat(gone.uuid()).as("known from the pass before").isEqualTo(gpuUuid(1));
        assertThat(gone.utilization()).isNull();
        assertThat(gone.errors()).extracting(GpuError::field, GpuError::reason).containsExactly(tuple("device", "GPU_IS_LOST"));
        assertThat(lost.failures()).extracting(NvmlResult.Failed::function, NvmlResult.Failed::code)
                .containsExactly(tuple("nvmlDeviceGetHandleByIndex_v2", NvmlReturn.GPU_IS_LOST));

        NvmlSample stillLost = sampler.sample(T0.plusSeconds(2));

        assertThat(control.fake_nvml_calls("nvmlShutdown")).isEqualTo(1);
        assertThat(control.fake_nvml_calls("nvmlInit_v2")).isEqualTo(2);
        assertThat(stillLost.status().reinitializations()).isEqualTo(1);
        assertThat(stillLost.status().nextRetry()).isEqualTo(T0.plusSeconds(4));
        assertThat(stillLost.devices().get(0).utilization()).as("the other GPU keeps reporting").isEqualTo(0.5);
        assertThat(stillLost.devices().get(1).uuid()).as("still named after NVML was initialized again").isEqualTo(gpuUuid(1));

        NvmlSample beforeRetry = sampler.sample(T0.plusSeconds(3));

        assertThat(control.fake_nvml_calls("nvmlInit_v2")).as("no reinit before its time").isEqualTo(2);
        assertThat(beforeRetry.status().nextRetry()).isEqualTo(T0.plusSeconds(4));

        control.fake_nvml_clear_returns();
        NvmlSample back = sampler.sample(T0.plusSeconds(4));

        assertThat(back.status().reason()).isNull();
        assertThat(back.status().nextRetry()).isNull();
        assertThat(back.status().reinitializations()).isEqualTo(2);
        assertThat(back.devices()).extracting(GpuDevice::uuid, GpuDevice::errors)
                .containsExactly(tuple(gpuUuid(0), List.of()), tuple(gpuUuid(1), List.of()));
    }

    @Test
    void aSessionLostMidRunMakesEveryGpuUnavailableUntilNvmlIsInitializedAgain() {
        withFake();
        sampler.sample(T0);
        control.fake_nvml_set_return("nvmlDeviceGetCount_v2", -1, NvmlReturn.UNINITIALIZED.code());

        NvmlSample lost = sampler.sample(T0.plusSeconds(1));

        assertThat(lost.status().available()).isFalse();
        assertThat(lost.status().reason()).isEqualTo("UNINITIALIZED");
        assertThat(lost.devices()).isEmpty();
        assertThat(control.fake_nvml_init_count()).as("shut down until the retry").isZero();

        control.fake_nvml_clear_returns();
        NvmlSample back = sampler.sample(T0.plusSeconds(2));

        assertThat(back.status().available()).isTrue();
        assertThat(back.status().reinitializations()).isEqualTo(1);
        assertThat(back.devices()).hasSize(2);
    }

    @Test
    void anUnsupportedFigureIsMissingAloneWithItsReasonAndChangesNothingElse() {
        withFake();
        control.fake_nvml_set_return("nvmlDeviceGetUtilizationRates", 0, NvmlReturn.NOT_SUPPORTED.code());

        NvmlSample sample = sampler.sample(T0);

        GpuDevice gpu = sample.devices().get(0);
        assertThat(gpu.utilization()).isNull();
        assertThat(gpu.memoryTotalBytes()).isEqualTo(80 * GIB);
        assertThat(gpu.errors()).extracting(GpuError::field, GpuError::reason).containsExactly(tuple("utilization", "NOT_SUPPORTED"));
        assertThat(gpu.errors().get(0).message()).startsWith("nvmlDeviceGetUtilizationRates: NOT_SUPPORTED (Not Supported)");
        assertThat(sample.status().reason()).isNull();
        assertThat(sampler.sample(T0.plusSeconds(5)).status().reinitializations()).isZero();
    }

    @Test
    void aGpuTheAgentMayNotUseIsUnavailableWithNoPermissionAndTheOthersReport() {
        withFake();
        control.fake_nvml_set_return("nvmlDeviceGetHandleByIndex_v2", 1, NvmlReturn.NO_PERMISSION.code());

        NvmlSample sample = sampler.sample(T0);

        assertThat(sample.status().reason()).isNull();
        assertThat(sample.devices()).extracting(GpuDevice::uuid, GpuDevice::index).containsExactly(tuple(gpuUuid(0), 0), tuple(null, 1));
        assertThat(sample.devices().get(1).errors()).extracting(GpuError::field, GpuError::reason)
                .containsExactly(tuple("device", "NO_PERMISSION"));
    }

    @Test
    void aMigEnabledGpuIsNeverAskedForUtilizationAndListsItsMigDevicesWithMemory() {
        withFake();
        control.fake_nvml_set_mig(0, 1, 2);
        control.fake_nvml_set_utilization(1, 25, 0);

        NvmlSample sample = sampler.sample(T0);

        assertThat(control.fake_nvml_calls("nvmlDeviceGetUtilizationRates")).as("only the GPU without MIG").isEqualTo(1);
        assertThat(sample.devices()).extracting(GpuDevice::uuid, GpuDevice::parentUuid, GpuDevice::migEnabled, GpuDevice::utilization,
                        GpuDevice::memoryTotalBytes)
                .containsExactly(tuple(gpuUuid(0), null, true, null, 80 * GIB),
                        tuple(migUuid(0, 0), gpuUuid(0), true, null, 40 * GIB),
                        tuple(migUuid(0, 1), gpuUuid(0), true, null, 40 * GIB),
                        tuple(gpuUuid(1), null, false, 0.25, 80 * GIB));
        assertThat(sample.devices().subList(0, 3)).allSatisfy(device -> assertThat(device.errors())
                .containsExactly(new GpuError("utilization", "NOT_SUPPORTED", NvmlSampler.MIG_UTILIZATION)));
        assertThat(sample.failures()).isEmpty();
    }

    @Test
    void closingShutsNvmlDown() throws Exception {
        withFake();
        sampler.sample(T0);
        assertThat(control.fake_nvml_init_count()).isEqualTo(1);

        sampler.close();

        assertThat(control.fake_nvml_init_count()).isZero();
        assertThat(Files.exists(fake.path())).isTrue();
    }
}
