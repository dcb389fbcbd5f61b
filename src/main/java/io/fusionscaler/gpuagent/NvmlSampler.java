package io.fusionscaler.gpuagent;

import io.fusionscaler.gpuagent.api.GpuDevice;
import io.fusionscaler.gpuagent.api.GpuError;
import io.fusionscaler.gpuagent.api.NvmlStatus;
import io.fusionscaler.gpuagent.nvml.DeviceHandle;
import io.fusionscaler.gpuagent.nvml.MemoryInfo;
import io.fusionscaler.gpuagent.nvml.NvmlApi;
import io.fusionscaler.gpuagent.nvml.NvmlResult;
import io.fusionscaler.gpuagent.nvml.NvmlReturn;
import io.fusionscaler.gpuagent.nvml.Utilization;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads every GPU through NVML, one pass per call, and keeps the NVML session alive across failures:
 * <ul>
 *   <li>the library cannot be loaded, {@code nvmlInit_v2} fails, or a call says the whole session is gone
 *       ({@link NvmlReturn#endsSession()}: {@code UNINITIALIZED}, {@code DRIVER_NOT_LOADED},
 *       {@code LIB_RM_VERSION_MISMATCH}): NVML is unavailable and every GPU with it; loading and initializing are
 *       retried with backoff;</li>
 *   <li>a GPU is lost ({@link NvmlReturn#losesDevice()}): that GPU reports the error, the others keep reporting, and
 *       NVML is shut down and initialized again with backoff until the GPU is back or gone from the count;</li>
 *   <li>any other failure ({@code NOT_SUPPORTED}, {@code NO_PERMISSION}, ...) leaves that one figure empty.</li>
 * </ul>
 * Utilization is never asked for on a MIG-enabled GPU or a MIG device: NVML does not measure it there.
 * Not thread-safe: one sampling thread calls it.
 */
final class NvmlSampler implements AutoCloseable {

    static final String MIG_UTILIZATION = "MIG is enabled: NVML measures no utilization on MIG-enabled GPUs or MIG devices";

    private final Supplier<NvmlResult<NvmlApi>> loader;
    private final Backoff backoff;
    /** The uuid last seen at each index, to name a GPU that is lost before NVML gives its uuid again. */
    private final Map<Integer, String> uuidsByIndex = new HashMap<>();

    private NvmlApi api;
    private boolean initialized;
    private Instant nextInit = Instant.MIN;
    /** Set while a lost GPU waits for NVML to be initialized again. */
    private Instant reinitForLostDevice;
    /** Why NVML is unavailable, or which GPU loss waits for a reinit; null while all is well. */
    private NvmlResult.Failed<?> problem;
    private long reinitializations;
    private String driverVersion;

    NvmlSampler(Supplier<NvmlResult<NvmlApi>> loader, Backoff backoff) {
        this.loader = loader;
        this.backoff = backoff;
    }

    NvmlSample sample(Instant now) {
        List<NvmlResult.Failed<?>> failures = new ArrayList<>();
        if (initialized && reinitForLostDevice != null && !now.isBefore(reinitForLostDevice)) {
            shutdown(failures);
            reinitForLostDevice = null;
            nextInit = now;
        }
        if (!initialized && !now.isBefore(nextInit)) {
            start(now, failures);
        }
        if (!initialized) {
            return new NvmlSample(now, status(), List.of(), failures);
        }
        Pass pass = new Pass(failures);
        pass.readAll();
        if (pass.sessionLost != null) {
            sessionFailed(pass.sessionLost, now, failures);
            return new NvmlSample(now, status(), List.of(), failures);
        }
        if (pass.deviceLost == null) {
            problem = null;
            reinitForLostDevice = null;
            backoff.reset();
        } else if (reinitForLostDevice == null) {
            problem = pass.deviceLost;
            reinitForLostDevice = now.plus(backoff.next());
        }
        return new NvmlSample(now, status(), pass.devices, failures);
    }

    @Override
    public void close() {
        shutdown(new ArrayList<>());
    }

    private void start(Instant now, List<NvmlResult.Failed<?>> failures) {
        if (api == null) {
            NvmlResult<NvmlApi> loaded = loader.get();
            if (loaded instanceof NvmlResult.Failed<NvmlApi> failed) {
                failures.add(failed);
                sessionFailed(failed, now, failures);
                return;
            }
            api = ((NvmlResult.Ok<NvmlApi>) loaded).value();
        }
        NvmlReturn code = api.init();
        if (code != NvmlReturn.SUCCESS) {
            NvmlResult.Failed<Void> failed = new NvmlResult.Failed<>(code, "nvmlInit_v2", null);
            failures.add(failed);
            sessionFailed(failed, now, failures);
            return;
        }
        initialized = true;
        if (problem != null) {
            reinitializations++;
        }
        NvmlResult<String> version = api.driverVersion();
        if (version instanceof NvmlResult.Ok<String> ok) {
            driverVersion = ok.value();
        } else {
            failures.add((NvmlResult.Failed<?>) version);
        }
    }

    private void sessionFailed(NvmlResult.Failed<?> failure, Instant now, List<NvmlResult.Failed<?>> failures) {
        shutdown(failures);
        problem = failure;
        reinitForLostDevice = null;
        nextInit = now.plus(backoff.next());
    }

    private void shutdown(List<NvmlResult.Failed<?>> failures) {
        if (initialized) {
            initialized = false;
            NvmlReturn code = api.shutdown();
            if (code != NvmlReturn.SUCCESS) {
                failures.add(new NvmlResult.Failed<Void>(code, "nvmlShutdown", null));
            }
        }
    }

    private NvmlStatus status() {
        if (!initialized) {
            return new NvmlStatus(false, problem.code().name(), message(problem), driverVersion, reinitializations, nextInit);
        }
        if (reinitForLostDevice != null) {
            return new NvmlStatus(true, problem.code().name(), message(problem), driverVersion, reinitializations, reinitForLostDevice);
        }
        return new NvmlStatus(true, null, null, driverVersion, reinitializations, null);
    }

    static String message(NvmlResult.Failed<?> failure) {
        String hint = failure.code().hint();
        return failure.describe() + (hint.isEmpty() ? "" : ": " + hint);
    }

    /** One pass over the devices, collecting figures, errors and the failures that change the session. */
    private final class Pass {

        final List<NvmlResult.Failed<?>> failures;
        final List<GpuDevice> devices = new ArrayList<>();
        NvmlResult.Failed<?> sessionLost;
        NvmlResult.Failed<?> deviceLost;

        Pass(List<NvmlResult.Failed<?>> failures) {
            this.failures = failures;
        }

        void readAll() {
            NvmlResult<Integer> count = api.deviceCount();
            if (count instanceof NvmlResult.Failed<Integer> failed) {
                failures.add(failed);
                sessionLost = failed;
                return;
            }
            int gpus = ((NvmlResult.Ok<Integer>) count).value();
            for (int index = 0; index < gpus && sessionLost == null; index++) {
                readGpu(index);
            }
        }

        private void readGpu(int index) {
            List<GpuError> errors = new ArrayList<>();
            NvmlResult<DeviceHandle> handle = api.deviceHandle(index);
            if (handle instanceof NvmlResult.Failed<DeviceHandle> failed) {
                errors.add(error("device", failed));
                devices.add(new GpuDevice(uuidsByIndex.get(index), index, null, null, false, null, null, null, errors));
                return;
            }
            DeviceHandle gpu = ((NvmlResult.Ok<DeviceHandle>) handle).value();
            String uuid = value(api.uuid(gpu), "device", errors);
            if (uuid == null) {
                devices.add(new GpuDevice(uuidsByIndex.get(index), index, null, null, false, null, null, null, errors));
                return;
            }
            uuidsByIndex.put(index, uuid);
            String name = value(api.name(gpu), null, errors);
            boolean mig = migEnabled(gpu, errors);
            Double utilization = null;
            if (mig) {
                errors.add(migUtilization());
            } else {
                utilization = ratio(value(api.utilization(gpu), "utilization", errors));
            }
            MemoryInfo memory = value(api.memory(gpu), "memory", errors);
            List<GpuDevice> migDevices = mig ? readMigDevices(gpu, uuid, errors) : List.of();
            devices.add(new GpuDevice(uuid, index, name, null, mig, utilization, used(memory), total(memory), errors));
            devices.addAll(migDevices);
        }

        private List<GpuDevice> readMigDevices(DeviceHandle gpu, String gpuUuid, List<GpuError> gpuErrors) {
            Integer max = value(api.maxMigDevices(gpu), "mig", gpuErrors);
            List<GpuDevice> migDevices = new ArrayList<>();
            for (int index = 0; max != null && index < max; index++) {
                NvmlResult<DeviceHandle> handle = api.migDevice(gpu, index);
                if (handle instanceof NvmlResult.Failed<DeviceHandle> failed) {
                    if (failed.code() != NvmlReturn.NOT_FOUND) {
                        gpuErrors.add(error("mig", failed));
                    }
                    continue;
                }
                DeviceHandle mig = ((NvmlResult.Ok<DeviceHandle>) handle).value();
                List<GpuError> errors = new ArrayList<>();
                String uuid = value(api.uuid(mig), "device", errors);
                if (uuid == null) {
                    gpuErrors.addAll(errors);
                    continue;
                }
                String name = value(api.name(mig), null, errors);
                MemoryInfo memory = value(api.memory(mig), "memory", errors);
                errors.add(migUtilization());
                migDevices.add(new GpuDevice(uuid, index, name, gpuUuid, true, null, used(memory), total(memory), errors));
            }
            return migDevices;
        }

        private boolean migEnabled(DeviceHandle gpu, List<GpuError> errors) {
            NvmlResult<Boolean> mode = api.migEnabled(gpu);
            if (mode instanceof NvmlResult.Failed<Boolean> failed
                    && (failed.code() == NvmlReturn.NOT_SUPPORTED || failed.code() == NvmlReturn.FUNCTION_NOT_FOUND)) {
                return false; // a GPU (or driver) without MIG
            }
            return Boolean.TRUE.equals(value(mode, "mig", errors));
        }

        /** The value, or null after recording the failure (as an error of {@code field}, unless null). */
        private <T> T value(NvmlResult<T> result, String field, List<GpuError> errors) {
            if (result instanceof NvmlResult.Ok<T> ok) {
                return ok.value();
            }
            NvmlResult.Failed<T> failed = (NvmlResult.Failed<T>) result;
            GpuError error = error(field, failed);
            if (field != null) {
                errors.add(error);
            }
            return null;
        }

        private GpuError error(String field, NvmlResult.Failed<?> failed) {
            failures.add(failed);
            if (failed.code().endsSession()) {
                sessionLost = failed;
            } else if (failed.code().losesDevice() && deviceLost == null) {
                deviceLost = failed;
            }
            return new GpuError(field, failed.code().name(), message(failed));
        }
    }

    private static GpuError migUtilization() {
        return new GpuError("utilization", NvmlReturn.NOT_SUPPORTED.name(), MIG_UTILIZATION);
    }

    private static Double ratio(Utilization utilization) {
        return utilization == null ? null : utilization.gpuPercent() / 100.0;
    }

    private static Long used(MemoryInfo memory) {
        return memory == null ? null : memory.usedBytes();
    }

    private static Long total(MemoryInfo memory) {
        return memory == null ? null : memory.totalBytes();
    }
}
