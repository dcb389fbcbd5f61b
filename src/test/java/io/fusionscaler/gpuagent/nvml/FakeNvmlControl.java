package io.fusionscaler.gpuagent.nvml;

import com.sun.jna.Library;

/** The setters of the fake libnvidia-ml.so.1 (src/test/c/fake_nvml.c), bound to the same loaded library as NVML. */
public interface FakeNvmlControl extends Library {

    void fake_nvml_set_device_count(int count);

    void fake_nvml_set_utilization(int gpu, int gpuPercent, int memoryPercent);

    void fake_nvml_set_memory(int gpu, long total, long used, long reserved);

    void fake_nvml_set_mig(int gpu, int enabled, int devices);

    /** {@code function} "*" is every device function; {@code gpu} -1 is every GPU (or a function of no GPU). */
    int fake_nvml_set_return(String function, int gpu, int code);

    void fake_nvml_clear_returns();

    void fake_nvml_set_driver_version(String version);

    int fake_nvml_init_count();

    long fake_nvml_calls(String function);
}
