package io.fusionscaler.gpuagent.nvml;

/**
 * NVML's return codes ({@code nvmlReturn_t}), by name. {@link #LIBRARY_NOT_FOUND} and {@link #FUNCTION_NOT_FOUND}
 * are also what the JNA binding reports when the library or one of its symbols cannot be loaded.
 */
public enum NvmlReturn {
    SUCCESS(0),
    UNINITIALIZED(1),
    INVALID_ARGUMENT(2),
    NOT_SUPPORTED(3),
    NO_PERMISSION(4),
    ALREADY_INITIALIZED(5),
    NOT_FOUND(6),
    INSUFFICIENT_SIZE(7),
    INSUFFICIENT_POWER(8),
    DRIVER_NOT_LOADED(9),
    TIMEOUT(10),
    IRQ_ISSUE(11),
    LIBRARY_NOT_FOUND(12),
    FUNCTION_NOT_FOUND(13),
    CORRUPTED_INFOROM(14),
    GPU_IS_LOST(15),
    RESET_REQUIRED(16),
    OPERATING_SYSTEM(17),
    LIB_RM_VERSION_MISMATCH(18),
    IN_USE(19),
    MEMORY(20),
    NO_DATA(21),
    VGPU_ECC_NOT_SUPPORTED(22),
    INSUFFICIENT_RESOURCES(23),
    FREQ_NOT_SUPPORTED(24),
    ARGUMENT_VERSION_MISMATCH(25),
    DEPRECATED(26),
    NOT_READY(27),
    GPU_NOT_FOUND(28),
    INVALID_STATE(29),
    RESET_TYPE_NOT_SUPPORTED(30),
    UNKNOWN(999);

    private final int code;

    NvmlReturn(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The constant for a code NVML returned; codes newer than this list are {@link #UNKNOWN}. */
    public static NvmlReturn of(int code) {
        for (NvmlReturn value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return UNKNOWN;
    }

    /**
     * The NVML session as a whole is unusable (no driver, driver and library out of step, NVML not initialized):
     * every GPU is unavailable until NVML is initialized again.
     */
    public boolean endsSession() {
        return this == UNINITIALIZED || this == DRIVER_NOT_LOADED || this == LIB_RM_VERSION_MISMATCH
                || this == LIBRARY_NOT_FOUND;
    }

    /** The GPU itself is gone or needs a reset: it is unavailable, and NVML is initialized again to pick it up. */
    public boolean losesDevice() {
        return this == GPU_IS_LOST || this == RESET_REQUIRED || this == GPU_NOT_FOUND;
    }

    /** What an operator should know about this code, beyond its name; empty when the name says it all. */
    public String hint() {
        return switch (this) {
            case LIBRARY_NOT_FOUND -> "no NVIDIA driver on this node, or the container runtime did not mount libnvidia-ml.so.1"
                    + " (NVIDIA_DRIVER_CAPABILITIES must include utility)";
            case DRIVER_NOT_LOADED -> "the NVIDIA kernel driver is not running";
            case LIB_RM_VERSION_MISMATCH -> "libnvidia-ml.so.1 does not match the loaded kernel driver (upgraded without a reboot?)";
            case NO_PERMISSION -> "the agent may not use this GPU (device nodes not visible to the container?)";
            case GPU_IS_LOST -> "the GPU fell off the bus or stopped answering; it may need a reset";
            case RESET_REQUIRED -> "the GPU needs a reset";
            case NOT_SUPPORTED -> "this GPU or driver does not provide it";
            case FUNCTION_NOT_FOUND -> "the driver's NVML is older than this function";
            default -> "";
        };
    }
}
