package io.fusionscaler.gpuagent.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@link NvmlApi} over the real library through JNA. A symbol the library lacks is {@code FUNCTION_NOT_FOUND};
 * {@code nvmlDeviceGetMemoryInfo_v2} falls back to {@code nvmlDeviceGetMemoryInfo} once, for good, when missing.
 */
public final class JnaNvml implements NvmlApi {

    /** {@code NVML_DEVICE_UUID_V2_BUFFER_SIZE}, {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}. */
    private static final int DEVICE_TEXT_BUFFER = 96;
    /** {@code NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE}. */
    private static final int DRIVER_VERSION_BUFFER = 80;
    private static final int MIG_ENABLED = 1;

    // nvmlUtilization_t { unsigned int gpu; unsigned int memory; }
    private static final int UTILIZATION_SIZE = 8;
    private static final int UTILIZATION_GPU = 0;
    private static final int UTILIZATION_MEMORY = 4;

    // nvmlMemory_t { unsigned long long total, free, used; }  (used includes reserved memory)
    private static final int MEMORY_V1_SIZE = 24;
    private static final int MEMORY_V1_TOTAL = 0;
    private static final int MEMORY_V1_FREE = 8;
    private static final int MEMORY_V1_USED = 16;

    // nvmlMemory_v2_t { unsigned int version; (4 bytes padding) unsigned long long total, reserved, free, used; }
    private static final int MEMORY_V2_SIZE = 40;
    /** {@code nvmlMemory_v2}: the struct size with version 2 in the top byte; NVML rejects any other value. */
    static final int MEMORY_V2_VERSION = MEMORY_V2_SIZE | 2 << 24;
    private static final int MEMORY_V2_VERSION_FIELD = 0;
    private static final int MEMORY_V2_TOTAL = 8;
    private static final int MEMORY_V2_FREE = 24;
    private static final int MEMORY_V2_USED = 32;

    private final NvmlLibrary library;
    private volatile boolean memoryV2Missing;

    JnaNvml(NvmlLibrary library) {
        this.library = library;
    }

    @Override
    public NvmlReturn init() {
        return code(call("nvmlInit_v2", library::nvmlInit_v2, () -> Boolean.TRUE));
    }

    @Override
    public NvmlReturn shutdown() {
        return code(call("nvmlShutdown", library::nvmlShutdown, () -> Boolean.TRUE));
    }

    @Override
    public NvmlResult<String> driverVersion() {
        byte[] buffer = new byte[DRIVER_VERSION_BUFFER];
        return call("nvmlSystemGetDriverVersion", () -> library.nvmlSystemGetDriverVersion(buffer, buffer.length), () -> text(buffer));
    }

    @Override
    public NvmlResult<Integer> deviceCount() {
        IntByReference count = new IntByReference();
        return call("nvmlDeviceGetCount_v2", () -> library.nvmlDeviceGetCount_v2(count), count::getValue);
    }

    @Override
    public NvmlResult<DeviceHandle> deviceHandle(int index) {
        PointerByReference device = new PointerByReference();
        return call("nvmlDeviceGetHandleByIndex_v2", () -> library.nvmlDeviceGetHandleByIndex_v2(index, device),
                () -> handle(device));
    }

    @Override
    public NvmlResult<String> uuid(DeviceHandle device) {
        byte[] buffer = new byte[DEVICE_TEXT_BUFFER];
        return call("nvmlDeviceGetUUID", () -> library.nvmlDeviceGetUUID(pointer(device), buffer, buffer.length), () -> text(buffer));
    }

    @Override
    public NvmlResult<String> name(DeviceHandle device) {
        byte[] buffer = new byte[DEVICE_TEXT_BUFFER];
        return call("nvmlDeviceGetName", () -> library.nvmlDeviceGetName(pointer(device), buffer, buffer.length), () -> text(buffer));
    }

    @Override
    public NvmlResult<Boolean> migEnabled(DeviceHandle device) {
        IntByReference current = new IntByReference();
        IntByReference pending = new IntByReference();
        return call("nvmlDeviceGetMigMode", () -> library.nvmlDeviceGetMigMode(pointer(device), current, pending),
                () -> current.getValue() == MIG_ENABLED);
    }

    @Override
    public NvmlResult<Integer> maxMigDevices(DeviceHandle device) {
        IntByReference count = new IntByReference();
        return call("nvmlDeviceGetMaxMigDeviceCount", () -> library.nvmlDeviceGetMaxMigDeviceCount(pointer(device), count), count::getValue);
    }

    @Override
    public NvmlResult<DeviceHandle> migDevice(DeviceHandle device, int index) {
        PointerByReference mig = new PointerByReference();
        return call("nvmlDeviceGetMigDeviceHandleByIndex",
                () -> library.nvmlDeviceGetMigDeviceHandleByIndex(pointer(device), index, mig), () -> handle(mig));
    }

    @Override
    public NvmlResult<Utilization> utilization(DeviceHandle device) {
        try (Memory struct = new Memory(UTILIZATION_SIZE)) {
            struct.clear();
            return call("nvmlDeviceGetUtilizationRates", () -> library.nvmlDeviceGetUtilizationRates(pointer(device), struct),
                    () -> new Utilization(struct.getInt(UTILIZATION_GPU), struct.getInt(UTILIZATION_MEMORY)));
        }
    }

    @Override
    public NvmlResult<MemoryInfo> memory(DeviceHandle device) {
        if (!memoryV2Missing) {
            NvmlResult<MemoryInfo> v2 = memoryV2(device);
            if (!(v2 instanceof NvmlResult.Failed<MemoryInfo> failed) || failed.code() != NvmlReturn.FUNCTION_NOT_FOUND) {
                return v2;
            }
            memoryV2Missing = true;
        }
        return memoryV1(device);
    }

    private NvmlResult<MemoryInfo> memoryV2(DeviceHandle device) {
        try (Memory struct = new Memory(MEMORY_V2_SIZE)) {
            struct.clear();
            struct.setInt(MEMORY_V2_VERSION_FIELD, MEMORY_V2_VERSION);
            return call("nvmlDeviceGetMemoryInfo_v2", () -> library.nvmlDeviceGetMemoryInfo_v2(pointer(device), struct),
                    () -> new MemoryInfo(struct.getLong(MEMORY_V2_TOTAL), struct.getLong(MEMORY_V2_USED), struct.getLong(MEMORY_V2_FREE)));
        }
    }

    private NvmlResult<MemoryInfo> memoryV1(DeviceHandle device) {
        try (Memory struct = new Memory(MEMORY_V1_SIZE)) {
            struct.clear();
            return call("nvmlDeviceGetMemoryInfo", () -> library.nvmlDeviceGetMemoryInfo(pointer(device), struct),
                    () -> new MemoryInfo(struct.getLong(MEMORY_V1_TOTAL), struct.getLong(MEMORY_V1_USED), struct.getLong(MEMORY_V1_FREE)));
        }
    }

    private <T> NvmlResult<T> call(String function, IntSupplier invocation, Supplier<T> value) {
        int code;
        try {
            code = invocation.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            return NvmlResult.failed(NvmlReturn.FUNCTION_NOT_FOUND, function, e.getMessage());
        }
        if (code != NvmlReturn.SUCCESS.code()) {
            return NvmlResult.failed(NvmlReturn.of(code), function, errorString(code));
        }
        return NvmlResult.ok(value.get());
    }

    /** NVML's own text for a code, with the number where our enum does not know it. */
    private String errorString(int code) {
        String known = NvmlReturn.of(code) == NvmlReturn.UNKNOWN && code != NvmlReturn.UNKNOWN.code() ? "code " + code + ": " : "";
        try {
            return known + library.nvmlErrorString(code);
        } catch (UnsatisfiedLinkError e) {
            return known.isEmpty() ? null : "code " + code;
        }
    }

    private static NvmlReturn code(NvmlResult<?> result) {
        return result instanceof NvmlResult.Failed<?> failed ? failed.code() : NvmlReturn.SUCCESS;
    }

    private static DeviceHandle handle(PointerByReference device) {
        return new DeviceHandle(Pointer.nativeValue(device.getValue()));
    }

    private static Pointer pointer(DeviceHandle device) {
        return new Pointer(device.address());
    }

    private static String text(byte[] buffer) {
        int length = 0;
        while (length < buffer.length && buffer[length] != 0) {
            length++;
        }
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }
}
