package io.fusionscaler.gpuagent.nvml;

/** The outcome of one NVML call: a value, or the NVML return code that the named function gave instead. */
public sealed interface NvmlResult<T> {

    static <T> NvmlResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> NvmlResult<T> failed(NvmlReturn code, String function, String detail) {
        return new Failed<>(code, function, detail);
    }

    record Ok<T>(T value) implements NvmlResult<T> {
    }

    /**
     * @param function the NVML function that failed, e.g. {@code nvmlDeviceGetUtilizationRates}
     * @param detail   NVML's own text for the code, or why the call could not be made
     */
    record Failed<T>(NvmlReturn code, String function, String detail) implements NvmlResult<T> {

        /** The same failure, as the result of a call with another value type. */
        public <U> Failed<U> as() {
            return new Failed<>(code, function, detail);
        }

        public String describe() {
            return function + ": " + code + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
        }
    }
}
