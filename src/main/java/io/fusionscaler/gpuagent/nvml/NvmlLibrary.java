package io.fusionscaler.gpuagent.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The exported NVML symbols the agent binds, by their exact (versioned) names: JNA binds what the library exports,
 * not nvml.h's macro names. Every function returns an {@code nvmlReturn_t}. JNA binds each on its first call, so a
 * symbol an old driver lacks fails only that call ({@link UnsatisfiedLinkError}). Structs are passed as plain
 * memory with their offsets in {@link JnaNvml}, so no {@code Structure} class needs reflection in a native image.
 * Public because JNA implements it with a dynamic proxy; only {@link JnaNvml} uses it.
 */
public interface NvmlLibrary extends Library {

    int nvmlInit_v2();

    int nvmlShutdown();

    String nvmlErrorString(int result);

    int nvmlSystemGetDriverVersion(byte[] version, int length);

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetMigMode(Pointer device, IntByReference currentMode, IntByReference pendingMode);

    int nvmlDeviceGetMaxMigDeviceCount(Pointer device, IntByReference count);

    int nvmlDeviceGetMigDeviceHandleByIndex(Pointer device, int index, PointerByReference migDevice);

    /** {@code nvmlUtilization_t *}: see {@link JnaNvml}. */
    int nvmlDeviceGetUtilizationRates(Pointer device, Pointer utilization);

    /** {@code nvmlMemory_t *}: see {@link JnaNvml}. */
    int nvmlDeviceGetMemoryInfo(Pointer device, Pointer memory);

    /** {@code nvmlMemory_v2_t *}: see {@link JnaNvml}. */
    int nvmlDeviceGetMemoryInfo_v2(Pointer device, Pointer memory);
}
