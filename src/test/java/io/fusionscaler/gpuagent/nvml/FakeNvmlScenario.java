package io.fusionscaler.gpuagent.nvml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario for the fake NVML that the built library in {@link FakeNvmlLibrary#builtDir()} plays in whatever process
 * loaded it (the agent under test, in this JVM or packaged): written to its control file, which the library re-reads
 * whenever it is replaced. Each scenario starts from two idle GPUs of 80 GiB, nothing failing.
 */
public final class FakeNvmlScenario {

    public static final String CONTROL_FILE = "fake-nvml.control";

    private final List<String> lines = new ArrayList<>();

    public static FakeNvmlScenario twoIdleGpus() {
        return new FakeNvmlScenario();
    }

    public FakeNvmlScenario gpus(int count) {
        lines.add("count " + count);
        return this;
    }

    public FakeNvmlScenario utilization(int gpu, int percent) {
        lines.add("utilization " + gpu + " " + percent + " 0");
        return this;
    }

    public FakeNvmlScenario memory(int gpu, long total, long used, long reserved) {
        lines.add("memory " + gpu + " " + total + " " + used + " " + reserved);
        return this;
    }

    public FakeNvmlScenario mig(int gpu, int devices) {
        lines.add("mig " + gpu + " 1 " + devices);
        return this;
    }

    /** {@code function} fails with {@code code} on GPU {@code gpu} ("*": every device function; -1: every GPU). */
    public FakeNvmlScenario failing(String function, int gpu, NvmlReturn code) {
        lines.add("return " + function + " " + gpu + " " + code.code());
        return this;
    }

    /** Plays this scenario from the next NVML call on. */
    public void play() {
        playIn(FakeNvmlLibrary.builtDir());
    }

    /** Plays this scenario to the library copied into {@code dir} ({@link FakeNvmlLibrary#copyInto}). */
    public void playIn(Path dir) {
        try {
            Path next = Files.write(Files.createTempFile(dir, CONTROL_FILE, ".next"), lines);
            Files.move(next, dir.resolve(CONTROL_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
