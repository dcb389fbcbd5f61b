package io.fusionscaler.gpuagent.nvml;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on the binding's results, shared by its tests against the fake library and against a real driver. */
public final class NvmlAssertions {

    private NvmlAssertions() {
    }

    /** The value of a successful call; fails the test with the failure (function, code, NVML's text) otherwise. */
    public static <T> T ok(NvmlResult<T> result) {
        assertThat(result).isInstanceOf(NvmlResult.Ok.class);
        return ((NvmlResult.Ok<T>) result).value();
    }
}
