package io.fusionscaler.gpuagent.nvml;

/**
 * The part of NVML the gpu-agent uses, one method per NVML function. {@link JnaNvml} calls the real library;
 * tests may also implement it in plain Java. NVML is thread-safe; the agent calls it from one thread.
 */
public interface NvmlApi {

    /** {@code nvmlInit_v2}. */
    NvmlReturn init();

    /** {@code nvmlShutdown}. */
    NvmlReturn shutdown();

    /** {@code nvmlSystemGetDriverVersion}. */
    NvmlResult<String> driverVersion();

    /** {@code nvmlDeviceGetCount_v2}: physical GPUs this process may see. */
    NvmlResult<Integer> deviceCount();

    /** {@code nvmlDeviceGetHandleByIndex_v2}. */
    NvmlResult<DeviceHandle> deviceHandle(int index);

    /** {@code nvmlDeviceGetUUID}: {@code GPU-<uuid>} for a GPU, {@code MIG-<uuid>} for a MIG device. */
    NvmlResult<String> uuid(DeviceHandle device);

    /** {@code nvmlDeviceGetName}: the product name. */
    NvmlResult<String> name(DeviceHandle device);

    /** {@code nvmlDeviceGetMigMode}: whether MIG is enabled now ({@code NOT_SUPPORTED} on GPUs without MIG). */
    NvmlResult<Boolean> migEnabled(DeviceHandle device);

    /** {@code nvmlDeviceGetMaxMigDeviceCount}. */
    NvmlResult<Integer> maxMigDevices(DeviceHandle device);

    /** {@code nvmlDeviceGetMigDeviceHandleByIndex} ({@code NOT_FOUND} for an index with no MIG device). */
    NvmlResult<DeviceHandle> migDevice(DeviceHandle device, int index);

    /** {@code nvmlDeviceGetUtilizationRates} ({@code NOT_SUPPORTED} on MIG-enabled GPUs and MIG devices). */
    NvmlResult<Utilization> utilization(DeviceHandle device);

    /** {@code nvmlDeviceGetMemoryInfo_v2}, or {@code nvmlDeviceGetMemoryInfo} where the driver lacks it. */
    NvmlResult<MemoryInfo> memory(DeviceHandle device);
}
