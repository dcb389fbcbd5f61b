package io.fusionscaler.gpuagent.nvml;

import com.sun.jna.Native;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The fake libnvidia-ml.so.1 that the build compiles into {@code target/fake-nvml} (src/test/c/build-fake-nvml.sh).
 * A process loads a library file once and keeps its state, so each test takes its own copy: a copy in another
 * directory is another library with its own state, scripted through {@link #control()}.
 */
public final class FakeNvmlLibrary {

    public static final String FILE_NAME = "libnvidia-ml.so.1";

    private final Path path;
    private final FakeNvmlControl control;

    private FakeNvmlLibrary(Path path) {
        this.path = path;
        this.control = Native.load(path.toString(), FakeNvmlControl.class);
    }

    /** Where the build put the libraries. */
    public static Path builtDir() {
        Path dir = Path.of(System.getProperty("fake.nvml.dir", "target/fake-nvml"));
        if (!Files.isRegularFile(dir.resolve(FILE_NAME))) {
            throw new IllegalStateException("no fake NVML library in " + dir.toAbsolutePath()
                    + ": the Maven phase process-test-classes builds it (src/test/c/build-fake-nvml.sh)");
        }
        return dir;
    }

    /** A fresh copy of the fake in {@code dir}, in its initial state: 2 idle GPUs of 80 GiB, nothing failing. */
    public static FakeNvmlLibrary copyInto(Path dir) {
        return copy(builtDir().resolve(FILE_NAME), dir);
    }

    /** A fresh copy of the variant without {@code nvmlDeviceGetMemoryInfo_v2} (drivers before it existed). */
    public static FakeNvmlLibrary copyWithoutMemoryV2Into(Path dir) {
        return copy(builtDir().resolve("no-memory-v2").resolve(FILE_NAME), dir);
    }

    private static FakeNvmlLibrary copy(Path source, Path dir) {
        try {
            Files.createDirectories(dir);
            return new FakeNvmlLibrary(Files.copy(source, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING).toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    public FakeNvmlControl control() {
        return control;
    }

    /** NVML from this copy, loaded by its absolute path. */
    public NvmlApi load() {
        NvmlResult<NvmlApi> loaded = NvmlLoader.load(path.toString(), List.of(), Optional.empty());
        if (loaded instanceof NvmlResult.Ok<NvmlApi> ok) {
            return ok.value();
        }
        throw new IllegalStateException("the fake NVML did not load: " + loaded);
    }

    /** The uuid the fake gives GPU {@code gpu}. */
    public static String gpuUuid(int gpu) {
        return String.format("GPU-00000000-0000-0000-0000-%012d", gpu);
    }

    /** The uuid the fake gives MIG device {@code mig} of GPU {@code gpu}. */
    public static String migUuid(int gpu, int mig) {
        return String.format("MIG-00000000-0000-0000-%04d-%012d", mig, gpu);
    }
}
